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
/// A send the limiter let through. Until <see cref="Complete"/> it counts as being sent right now; from then on, as
/// sent at the moment it completed: the service counts a request when it arrives, which can be any time until its
/// answer is back, so only the completion time bounds when it leaves the service's window.
/// </summary>
public sealed class RateLease
{
    private readonly TeamsRateLimiter _limiter;

    internal RateLease(TeamsRateLimiter limiter, DateTimeOffset? completedAt)
    {
        _limiter = limiter;
        CompletedAt = completedAt;
    }

    internal DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>The request is answered (or abandoned): it stays in the windows from now on.</summary>
    public void Complete()
    {
        var now = _limiter.Now;
        lock (_limiter.Gate) CompletedAt ??= now;
    }

    internal DateTimeOffset CountedAt(DateTimeOffset now) => CompletedAt ?? now;
}

/// <summary>
/// Sliding-window pacing on the documented Teams limits. <see cref="TryAcquire(string, out RateLease?)"/> either
/// records a send and answers zero, or answers how long to wait before the conversation (and the app) may send again.
/// A send counts in every window until its answer is back and for the window's length after. Thread-safe.
/// </summary>
public sealed class TeamsRateLimiter(TeamsRateLimits limits, TimeProvider time)
{
    private readonly Dictionary<string, List<RateLease>> _conversations = new(StringComparer.Ordinal);
    private readonly List<RateLease> _global = [];
    private readonly TimeSpan _conversationHorizon = Longest(limits.PerConversation) + limits.SafetyMargin;
    private readonly TimeSpan _globalHorizon = Longest(limits.Global) + limits.SafetyMargin;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    internal object Gate { get; } = new();

    internal DateTimeOffset Now => time.GetUtcNow();

    public TeamsRateLimits Limits => limits;

    /// <summary>For a send that is over as soon as it is let through: counted at this moment.</summary>
    /// <returns>Zero when a send may go now (and it is counted), else how long to wait.</returns>
    public TimeSpan TryAcquire(string conversationId) => TryAcquire(conversationId, completed: true, out _);

    /// <summary>
    /// For a request about to be made: when it may go, <paramref name="lease"/> counts it as in flight until
    /// <see cref="RateLease.Complete"/>, which the caller must call when the request is over, however it ended.
    /// </summary>
    /// <returns>Zero when the request may go now, else how long to wait (at least).</returns>
    public TimeSpan TryAcquire(string conversationId, out RateLease? lease) => TryAcquire(conversationId, completed: false, out lease);

    private TimeSpan TryAcquire(string conversationId, bool completed, out RateLease? lease)
    {
        lease = null;
        var now = time.GetUtcNow();
        lock (Gate)
        {
            Sweep(now);
            if (_pausedUntil > now) return _pausedUntil - now;
            _conversations.TryGetValue(conversationId, out var sent);
            var wait = Max(Wait(_global, limits.Global, now), sent is null ? TimeSpan.Zero : Wait(sent, limits.PerConversation, now));
            if (wait > TimeSpan.Zero) return wait;
            if (sent is null) _conversations[conversationId] = sent = [];
            lease = new RateLease(this, completed ? now : null);
            sent.Add(lease);
            _global.Add(lease);
            return TimeSpan.Zero;
        }
    }

    /// <summary>
    /// How long until the app as a whole may send again (its global window, or a pause), whatever the conversation:
    /// while this is more than zero no conversation can go, so a caller need not ask for each one.
    /// </summary>
    public TimeSpan GlobalWait()
    {
        var now = time.GetUtcNow();
        lock (Gate)
        {
            Trim(_global, now - _globalHorizon);
            if (_pausedUntil > now) return _pausedUntil - now;
            return Wait(_global, limits.Global, now);
        }
    }

    /// <summary>
    /// Counts a request made earlier (before a restart) as completed at <paramref name="at"/>, so that a restarted
    /// sender paces the conversation as Teams, which remembers, still counts it.
    /// </summary>
    public void Seed(string conversationId, DateTimeOffset at)
    {
        lock (Gate)
        {
            if (!_conversations.TryGetValue(conversationId, out var sent)) _conversations[conversationId] = sent = [];
            var lease = new RateLease(this, at);
            sent.Add(lease);
            _global.Add(lease);
        }
    }

    /// <summary>Holds every send back until <paramref name="duration"/> has passed (the app as a whole is throttled).</summary>
    public void PauseAll(TimeSpan duration)
    {
        var until = time.GetUtcNow() + duration;
        lock (Gate)
        {
            if (until > _pausedUntil) _pausedUntil = until;
        }
    }

    private TimeSpan Wait(List<RateLease> sent, IReadOnlyList<RateLimit> windows, DateTimeOffset now)
    {
        var wait = TimeSpan.Zero;
        // Newest first; a request still in flight counts as now, and leaves no earlier than a full window after now.
        var times = sent.Select(l => l.CountedAt(now)).OrderDescending().ToArray();
        foreach (var limit in windows)
        {
            var span = limit.Window + limits.SafetyMargin;
            if (times.Length < limit.Count) continue;
            // The limit-th newest send has to leave the window before one more fits.
            var blocking = times[limit.Count - 1];
            if (now - blocking < span) wait = Max(wait, blocking + span - now);
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

    private static void Trim(List<RateLease> sent, DateTimeOffset before) =>
        sent.RemoveAll(l => l.CompletedAt is { } at && at <= before);

    private static TimeSpan Longest(IReadOnlyList<RateLimit> windows) => windows.Count == 0 ? TimeSpan.Zero : windows.Max(w => w.Window);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
