using CommPlan.Teams.Connector;
using Microsoft.Extensions.Time.Testing;

namespace CommPlan.Teams.Tests.Connector;

/// <summary>The documented Teams limits as sliding windows, on a clock the test moves.</summary>
public sealed class TeamsRateLimiterTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    private TeamsRateLimiter Limiter(TeamsRateLimits? limits = null) => new(limits ?? TeamsRateLimits.Documented, _clock);

    [Fact]
    public void Seven_sends_a_second_pass_and_the_eighth_waits_for_the_first_to_leave_the_window()
    {
        var limiter = Limiter();
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(TimeSpan.Zero, limiter.TryAcquire("a"));
            _clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        var wait = limiter.TryAcquire("a");

        Assert.Equal(TimeSpan.FromMilliseconds(930), wait);
        _clock.Advance(wait);
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire("a"));
    }

    [Fact]
    public void Eight_in_two_seconds_holds_the_ninth_send_even_when_each_second_is_below_seven()
    {
        var limiter = Limiter();
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(TimeSpan.Zero, limiter.TryAcquire("a"));
            _clock.Advance(TimeSpan.FromMilliseconds(200));
        }

        // 1.6 s after the first: the 1-second window has 5, the 2-second window is full.
        Assert.Equal(TimeSpan.FromMilliseconds(400), limiter.TryAcquire("a"));
    }

    [Fact]
    public void Sixty_in_thirty_seconds_and_1800_an_hour_per_conversation()
    {
        var limiter = Limiter();
        for (var i = 0; i < 60; i++)
        {
            Assert.Equal(TimeSpan.Zero, limiter.TryAcquire("a"));
            _clock.Advance(TimeSpan.FromMilliseconds(300));
        }
        Assert.True(limiter.TryAcquire("a") > TimeSpan.Zero);

        var hourly = Limiter(new TeamsRateLimits { PerConversation = [new RateLimit(1800, TimeSpan.FromHours(1))], Global = [] });
        for (var i = 0; i < 1800; i++) Assert.Equal(TimeSpan.Zero, hourly.TryAcquire("a"));
        Assert.Equal(TimeSpan.FromHours(1), hourly.TryAcquire("a"));
    }

    [Fact]
    public void Fifty_sends_a_second_per_app_across_conversations()
    {
        var limiter = Limiter();
        for (var i = 0; i < 50; i++) Assert.Equal(TimeSpan.Zero, limiter.TryAcquire("c" + i));

        Assert.Equal(TimeSpan.FromSeconds(1), limiter.TryAcquire("another"));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire("another"));
    }

    [Fact]
    public void A_refused_send_is_not_counted()
    {
        var limiter = Limiter(new TeamsRateLimits { PerConversation = [new RateLimit(1, TimeSpan.FromSeconds(1))], Global = [] });
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire("a"));
        for (var i = 0; i < 5; i++) Assert.True(limiter.TryAcquire("a") > TimeSpan.Zero);

        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire("a"));
    }

    [Fact]
    public void The_safety_margin_widens_every_window()
    {
        var limiter = Limiter(new TeamsRateLimits { Global = [new RateLimit(2, TimeSpan.FromSeconds(1))], PerConversation = [], SafetyMargin = TimeSpan.FromMilliseconds(50) });
        limiter.TryAcquire("a");
        limiter.TryAcquire("b");

        Assert.Equal(TimeSpan.FromMilliseconds(1050), limiter.TryAcquire("c"));
    }

    [Fact]
    public void A_request_counts_until_its_answer_is_back_and_a_full_window_after()
    {
        var limiter = Limiter(new TeamsRateLimits { Global = [new RateLimit(2, TimeSpan.FromSeconds(1))], PerConversation = [] });
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire("a", out var slow));
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire("b", out var quick));
        quick!.Complete();

        // The slow request may reach the service only now: it still fills a place in the window.
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire("c", out var next));
        next!.Complete();
        Assert.Equal(TimeSpan.FromSeconds(1), limiter.TryAcquire("d", out _));

        slow!.Complete();
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.True(limiter.TryAcquire("d", out _) > TimeSpan.Zero);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire("d", out _));
    }

    [Fact]
    public void A_pause_holds_every_conversation()
    {
        var limiter = Limiter();
        limiter.PauseAll(TimeSpan.FromSeconds(3));

        Assert.Equal(TimeSpan.FromSeconds(3), limiter.TryAcquire("a"));
        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire("a"));
    }

    [Fact]
    public void Concurrent_callers_never_exceed_the_global_limit()
    {
        var limiter = Limiter();
        var granted = 0;
        Parallel.For(0, 1000, i =>
        {
            if (limiter.TryAcquire("c" + (i % 300)) == TimeSpan.Zero) Interlocked.Increment(ref granted);
        });

        Assert.Equal(50, granted);
    }

    [Fact]
    public void The_app_wide_wait_counts_only_the_global_window_and_a_pause_not_a_full_conversation()
    {
        var limiter = Limiter(new TeamsRateLimits { Global = [new RateLimit(3, TimeSpan.FromSeconds(1))], PerConversation = [new RateLimit(1, TimeSpan.FromSeconds(1))] });
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire("a"));
        // "a" is full, the app is not: another conversation may go.
        Assert.Equal(TimeSpan.Zero, limiter.GlobalWait());

        _clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire("b"));
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire("c"));

        Assert.Equal(TimeSpan.FromMilliseconds(800), limiter.GlobalWait());
        Assert.Equal(limiter.GlobalWait(), limiter.TryAcquire("d"));
        _clock.Advance(TimeSpan.FromMilliseconds(800));
        Assert.Equal(TimeSpan.Zero, limiter.GlobalWait());

        limiter.PauseAll(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(2), limiter.GlobalWait());
    }
}
