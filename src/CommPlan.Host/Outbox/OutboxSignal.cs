using System.Threading.Channels;

namespace CommPlan.Host.Outbox;

/// <summary>Wakes the sender: something was written or a send finished. Many wakes before it looks count as one.</summary>
public sealed class OutboxSignal(TimeProvider time)
{
    private readonly Channel<bool> _wakes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => _wakes.Writer.TryWrite(true);

    /// <summary>
    /// Returns when woken or when <paramref name="timeout"/> (on the app's clock) has passed; with
    /// <see cref="Timeout.InfiniteTimeSpan"/>, only when woken.
    /// </summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        if (_wakes.Reader.TryRead(out _)) return;
        // InfiniteTimeSpan is negative (-1 ms): it must not pass for "no time left", or a sender that waits for a
        // finished send would spin through its loop until one finishes.
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan) return;
        using var timer = timeout == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        try
        {
            await _wakes.Reader.WaitToReadAsync(linked.Token);
            _wakes.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // the timeout passed
        }
    }
}
