using CommPlan.Teams.Connector;

namespace CommPlan.Host.Outbox;

/// <summary>How the outbox sender paces and retries (Bot:Outbox). The limits default to the documented Teams limits.</summary>
public sealed class OutboxOptions
{
    /// <summary>Requests in flight at once, across conversations (each conversation has at most one).</summary>
    public int MaxParallelSends { get; set; } = 16;

    /// <summary>Attempts at an entry that keeps failing transiently (412, 5xx, network) before it is marked Failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A request that takes longer is abandoned and retried.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Due entries read per round.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>This many conversations throttled within a second means the app as a whole is throttled: all sends pause.</summary>
    public int ThrottledConversationsForPause { get; set; } = 3;

    /// <summary>How long every send pauses when the app as a whole looks throttled.</summary>
    public TimeSpan AppThrottledPause { get; set; } = TimeSpan.FromMilliseconds(500);

    public int AppPerSecond { get; set; } = 50;
    public int ConversationPerSecond { get; set; } = 7;
    public int ConversationPer2Seconds { get; set; } = 8;
    public int ConversationPer30Seconds { get; set; } = 60;
    public int ConversationPerHour { get; set; } = 1800;

    /// <summary>Added to every limit window, so that a window measured at Teams never sees one request too many.</summary>
    public TimeSpan SafetyMargin { get; set; } = TimeSpan.FromMilliseconds(100);

    public TeamsRateLimits ToLimits() => new()
    {
        Global = [new RateLimit(AppPerSecond, TimeSpan.FromSeconds(1))],
        PerConversation =
        [
            new RateLimit(ConversationPerSecond, TimeSpan.FromSeconds(1)),
            new RateLimit(ConversationPer2Seconds, TimeSpan.FromSeconds(2)),
            new RateLimit(ConversationPer30Seconds, TimeSpan.FromSeconds(30)),
            new RateLimit(ConversationPerHour, TimeSpan.FromHours(1)),
        ],
        SafetyMargin = SafetyMargin,
    };
}
