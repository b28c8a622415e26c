using CommPlan.Host.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace CommPlan.Host.Tests.Outbox;

/// <summary>How the sender sleeps between rounds: until woken, or until its timeout on the app's clock.</summary>
public sealed class OutboxSignalTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Waiting_with_no_timeout_returns_only_when_woken_not_at_once()
    {
        // With every send slot taken, the sender waits with no timeout for a send to finish. Taken as "no time left",
        // it came straight back and went round its loop millions of times a second until one did.
        var signal = new OutboxSignal(new FakeTimeProvider());

        var waiting = signal.WaitAsync(Timeout.InfiniteTimeSpan, CancellationToken.None);
        Assert.False(waiting.IsCompleted, "A wait with no timeout returned before anything woke it.");

        signal.Wake();
        await waiting.WaitAsync(Deadline);
    }

    [Fact]
    public async Task A_timeout_passes_on_the_apps_clock_and_a_wake_before_the_wait_is_kept()
    {
        var clock = new FakeTimeProvider();
        var signal = new OutboxSignal(clock);

        var waiting = signal.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(waiting.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        await waiting.WaitAsync(Deadline);

        signal.Wake();
        signal.Wake(); // many wakes before the sender looks count as one
        Assert.True(signal.WaitAsync(TimeSpan.FromMinutes(1), CancellationToken.None).IsCompleted);
        Assert.False(signal.WaitAsync(TimeSpan.FromMinutes(1), CancellationToken.None).IsCompleted);
    }
}
