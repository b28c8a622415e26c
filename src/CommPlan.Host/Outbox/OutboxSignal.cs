using System.Threading.Channels;

namespace CommPlan.Host.Outbox;

/// <summary>Wakes the sender: something was written or a send finished. Many wakes before it looks count as one.</summary>
public sealed class OutboxSignal(TimeProvider time)
{
    private readonly Channel<bool> _wakes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => _wakes.Writer.TryWrite(true);

    /// <summary>Returns when woken or when <paramref name="timeout"/> (on the app's clock) has passed.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        if (_wakes.Reader.TryRead(out _)) return;
        if (timeout <= TimeSpan.Zero) return;
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
