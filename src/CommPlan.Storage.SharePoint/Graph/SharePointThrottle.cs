using System.Net;
using CommPlan.Application;

namespace CommPlan.Storage.SharePoint.Graph;

/// <summary>
/// The process's record of SharePoint's throttling: until when Graph last asked the app to wait, and how long each
/// lane may wait. Throttled requests still count against the app's budget, so while the window is open nothing is
/// sent: interactive work fails fast (or waits, when the rest of the window is short), bulk work waits it out.
/// </summary>
public sealed class SharePointThrottle(SharePointOptions options, TimeProvider time)
{
    private long _untilTicks;

    /// <summary>When Graph's latest Retry-After ends; in the past when the app may send.</summary>
    public DateTimeOffset ThrottledUntil => new(Interlocked.Read(ref _untilTicks), TimeSpan.Zero);

    /// <summary>What is left of the window; zero when the app may send.</summary>
    public TimeSpan Remaining => ThrottledUntil - time.GetUtcNow() is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

    /// <summary>
    /// How long the current lane waits when SharePoint asks for <paramref name="asked"/>: interactive work only a
    /// short time (null: it does not wait, it fails fast), bulk work at most <see cref="SharePointOptions.BulkMaxWait"/>
    /// at a time before it asks again.
    /// </summary>
    public TimeSpan? WaitFor(TimeSpan asked) =>
        GraphLane.IsBulk ? (asked < options.BulkMaxWait ? asked : options.BulkMaxWait)
        : asked <= options.InteractiveMaxWait ? asked : null;

    /// <summary>Graph answered 429/503 with this Retry-After: nobody in this process sends before it ends.</summary>
    public void Throttled(TimeSpan retryAfter)
    {
        var until = (time.GetUtcNow() + retryAfter).UtcTicks;
        var seen = Interlocked.Read(ref _untilTicks);
        while (until > seen)
        {
            var previous = Interlocked.CompareExchange(ref _untilTicks, until, seen);
            if (previous == seen) return;
            seen = previous;
        }
    }

    /// <summary>Returns when a request may be sent; throws when the lane may not wait that long.</summary>
    /// <exception cref="SharePointBusyException">Interactive work, and the window lasts longer than it waits.</exception>
    public async Task WaitTurnAsync(CancellationToken ct)
    {
        var left = Remaining;
        if (left == TimeSpan.Zero) return;
        var wait = WaitFor(left) ?? throw new SharePointBusyException(left);
        await Task.Delay(wait, time, ct);
    }

    /// <summary>For work queued behind a request: throws when the open window is longer than the current lane waits.</summary>
    /// <exception cref="SharePointBusyException">Interactive work, and the window lasts longer than it waits.</exception>
    public void ThrowIfLaneWouldNotWait()
    {
        var left = Remaining;
        if (left > TimeSpan.Zero && WaitFor(left) is null) throw new SharePointBusyException(left);
    }

    /// <summary>The wait a throttled answer asks for, in seconds or as an HTTP date; null when it names none.</summary>
    public TimeSpan? RetryAfterOf(HttpResponseMessage? response)
    {
        var header = response?.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date - time.GetUtcNow() is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero;
        return null;
    }

    public static bool IsThrottling(HttpStatusCode status) => status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable;
}
