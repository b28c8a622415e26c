namespace CommPlan.Teams.Connector;

/// <summary>A number of requests allowed in a sliding window.</summary>
public sealed record RateLimit(int Count, TimeSpan Window);

/// <summary>The documented Teams limits for a bot's sends, per conversation and per app.</summary>
public sealed record TeamsRateLimits
{
    /// <summary>Per bot per conversation: 7 per second, 8 per 2 seconds, 60 per 30 seconds, 1800 per hour.</summary>
    public IReadOnlyList<RateLimit> PerConversation { get; init; } =
    [
        new(7, TimeSpan.FromSeconds(1)), new(8, TimeSpan.FromSeconds(2)), new(60, TimeSpan.FromSeconds(30)), new(1800, TimeSpan.FromHours(1)),
    ];

    /// <summary>Per app per tenant: 50 requests per second.</summary>
    public IReadOnlyList<RateLimit> Global { get; init; } = [new(50, TimeSpan.FromSeconds(1))];

    /// <summary>
    /// Added to every window on the sending side: requests reach the service a little later and less evenly than
    /// they leave, and a window measured there must not see one request too many.
    /// </summary>
    public TimeSpan SafetyMargin { get; init; } = TimeSpan.Zero;

    public static TeamsRateLimits Documented { get; } = new();
}

/// <summary>
/// Sliding-window pacing on the documented Teams limits. <see cref="TryAcquire"/> either records a send and answers
/// zero, or answers how long to wait before the conversation (and the app) may send again. Thread-safe.
/// </summary>
public sealed class TeamsRateLimiter(TeamsRateLimits limits, TimeProvider time)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> _conversations = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _global = new();
    private readonly TimeSpan _conversationHorizon = Longest(limits.PerConversation) + limits.SafetyMargin;
    private readonly TimeSpan _globalHorizon = Longest(limits.Global) + limits.SafetyMargin;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    public TeamsRateLimits Limits => limits;

    /// <returns>Zero when a send may go now (and it is counted), else how long to wait.</returns>
    public TimeSpan TryAcquire(string conversationId)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            Sweep(now);
            if (_pausedUntil > now) return _pausedUntil - now;
            _conversations.TryGetValue(conversationId, out var sent);
            var wait = Max(Wait(_global, limits.Global, now), sent is null ? TimeSpan.Zero : Wait(sent, limits.PerConversation, now));
            if (wait > TimeSpan.Zero) return wait;
            if (sent is null) _conversations[conversationId] = sent = new Queue<DateTimeOffset>();
            sent.Enqueue(now);
            _global.Enqueue(now);
            return TimeSpan.Zero;
        }
    }

    /// <summary>Holds every send back until <paramref name="duration"/> has passed (the app as a whole is throttled).</summary>
    public void PauseAll(TimeSpan duration)
    {
        var until = time.GetUtcNow() + duration;
        lock (_gate)
        {
            if (until > _pausedUntil) _pausedUntil = until;
        }
    }

    private TimeSpan Wait(Queue<DateTimeOffset> sent, IReadOnlyList<RateLimit> windows, DateTimeOffset now)
    {
        var wait = TimeSpan.Zero;
        foreach (var limit in windows)
        {
            var span = limit.Window + limits.SafetyMargin;
            var inWindow = 0;
            DateTimeOffset? blocking = null;
            // The queue is in time order; count from the newest back, and find the send that must leave the window.
            var array = sent.ToArray();
            for (var i = array.Length - 1; i >= 0 && now - array[i] < span; i--)
            {
                inWindow++;
                if (inWindow == limit.Count) blocking = array[i];
            }
            if (blocking is { } oldest && inWindow >= limit.Count) wait = Max(wait, oldest + span - now);
        }
        return wait;
    }

    private void Sweep(DateTimeOffset now)
    {
        Trim(_global, now - _globalHorizon);
        if (now < _nextSweep) return;
        _nextSweep = now + TimeSpan.FromSeconds(10);
        foreach (var (id, sent) in _conversations.ToArray())
        {
            Trim(sent, now - _conversationHorizon);
            if (sent.Count == 0) _conversations.Remove(id);
        }
    }

    private static void Trim(Queue<DateTimeOffset> sent, DateTimeOffset before)
    {
        while (sent.Count > 0 && sent.Peek() <= before) sent.Dequeue();
    }

    private static TimeSpan Longest(IReadOnlyList<RateLimit> windows) => windows.Count == 0 ? TimeSpan.Zero : windows.Max(w => w.Window);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
