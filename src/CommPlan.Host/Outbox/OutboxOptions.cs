using CommPlan.Teams.Connector;

namespace CommPlan.Host.Outbox;

/// <summary>How the outbox sender paces and retries (Bot:Outbox). The limits default to the documented Teams limits.</summary>
public sealed class OutboxOptions
{
    /// <summary>Requests in flight at once, across conversations (each conversation has at most one).</summary>
    public int MaxParallelSends { get; set; } = 16;

    /// <summary>
    /// How long, from when it was written (or put back in the queue), an entry that keeps failing transiently (network,
    /// timeout, 408, 412, 429, 5xx) is retried before it is marked Failed: Teams and networks have outages of hours.
    /// </summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A request that takes longer is abandoned and retried.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Due entries read per round.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>This many conversations throttled within a second means the app as a whole is throttled: all sends pause.</summary>
    public int ThrottledConversationsForPause { get; set; } = 3;

    /// <summary>How long every send pauses when the app as a whole looks throttled.</summary>
    public TimeSpan AppThrottledPause { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How many instances send from one shared database (Storage:State = Postgres): each keeps to its share of every
    /// limit, so that together they stay within what Teams allows however the conversations fall to them.
    /// </summary>
    public int Instances { get; set; } = 1;

    public int AppPerSecond { get; set; } = 50;
    public int ConversationPerSecond { get; set; } = 7;
    public int ConversationPer2Seconds { get; set; } = 8;
    public int ConversationPer30Seconds { get; set; } = 60;
    public int ConversationPerHour { get; set; } = 1800;

    /// <summary>
    /// Added to every limit window. A request counts from when its answer is back, and Teams counted it on arrival,
    /// before it answered: so a send let through a full window after that answer arrives a full window after the
    /// request it displaces, however long either took on the way. The margin only covers the clock's resolution.
    /// </summary>
    public TimeSpan SafetyMargin { get; set; } = TimeSpan.FromMilliseconds(5);

    public TeamsRateLimits ToLimits() => new()
    {
        Global = [new RateLimit(Share(AppPerSecond), TimeSpan.FromSeconds(1))],
        PerConversation =
        [
            new RateLimit(Share(ConversationPerSecond), TimeSpan.FromSeconds(1)),
            new RateLimit(Share(ConversationPer2Seconds), TimeSpan.FromSeconds(2)),
            new RateLimit(Share(ConversationPer30Seconds), TimeSpan.FromSeconds(30)),
            new RateLimit(Share(ConversationPerHour), TimeSpan.FromHours(1)),
        ],
        SafetyMargin = SafetyMargin,
    };

    /// <summary>This instance's share of a limit: at least one request per window, so that every instance makes progress.</summary>
    private int Share(int limit) => Math.Max(1, limit / Math.Max(1, Instances));
}
