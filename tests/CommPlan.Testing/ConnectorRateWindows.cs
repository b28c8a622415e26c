namespace CommPlan.Testing;

/// <summary>A number of requests Teams allows in a sliding window of time.</summary>
public sealed record ConnectorLimit(int Count, TimeSpan Window);

/// <summary>
/// The Teams limits for a bot's requests, as Microsoft documents them ("Optimize your bot: rate limiting and best
/// practices"): per bot per conversation or thread 7 per second, 8 per 2 seconds, 60 per 30 seconds and 1800 per hour;
/// per app per tenant 50 per second. Written down here on their own so that a wrong number in the product is caught.
/// </summary>
public sealed record ConnectorLimits(IReadOnlyList<ConnectorLimit> PerConversation, IReadOnlyList<ConnectorLimit> Global)
{
    public static ConnectorLimits Documented { get; } = new(
        [new(7, TimeSpan.FromSeconds(1)), new(8, TimeSpan.FromSeconds(2)), new(60, TimeSpan.FromSeconds(30)), new(1800, TimeSpan.FromHours(1))],
        [new(50, TimeSpan.FromSeconds(1))]);
}

/// <summary>
/// The service side of the limits: a log of arrival times per conversation and for the app, with the decision
/// whether one more request fits, and a record of every arrival so a test can measure the busiest window afterwards.
/// </summary>
internal sealed class ConnectorRateWindows(ConnectorLimits limits)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, List<DateTimeOffset>> _admitted = new(StringComparer.Ordinal);
    private readonly List<DateTimeOffset> _admittedGlobal = [];
    private readonly Dictionary<string, List<DateTimeOffset>> _arrivals = new(StringComparer.Ordinal);
    private readonly List<DateTimeOffset> _arrivalsGlobal = [];

    public ConnectorLimits Limits => limits;

    /// <summary>Records an arrival (whatever it is answered with), as the service counts it.</summary>
    public void Arrived(string conversationId, DateTimeOffset at)
    {
        lock (_gate)
        {
            Log(_arrivals, conversationId).Add(at);
            _arrivalsGlobal.Add(at);
        }
    }

    /// <summary>Admits the request and answers null, or answers the time until the fullest window has room again.</summary>
    public TimeSpan? Admit(string conversationId, DateTimeOffset now)
    {
        lock (_gate)
        {
            var conversation = Log(_admitted, conversationId);
            var wait = Max(Full(_admittedGlobal, limits.Global, now), Full(conversation, limits.PerConversation, now));
            if (wait is not null) return wait;
            conversation.Add(now);
            _admittedGlobal.Add(now);
            return null;
        }
    }

    /// <summary>The most requests that arrived within any one <paramref name="window"/> span, for the app or one conversation.</summary>
    public int BusiestWindow(TimeSpan window, string? conversationId = null)
    {
        DateTimeOffset[] times;
        lock (_gate)
        {
            times = conversationId is null ? [.. _arrivalsGlobal] : _arrivals.TryGetValue(conversationId, out var l) ? [.. l] : [];
        }
        Array.Sort(times);
        var most = 0;
        for (int start = 0, end = 0; end < times.Length; end++)
        {
            // Half-open: a request exactly one window after another is in the next window.
            while (times[end] - times[start] >= window) start++;
            most = Math.Max(most, end - start + 1);
        }
        return most;
    }

    /// <summary>Every conversation that saw a request.</summary>
    public IReadOnlyCollection<string> Conversations()
    {
        lock (_gate) return [.. _arrivals.Keys];
    }

    private static List<DateTimeOffset> Log(Dictionary<string, List<DateTimeOffset>> logs, string key)
    {
        if (!logs.TryGetValue(key, out var log)) logs[key] = log = [];
        return log;
    }

    private static TimeSpan? Full(List<DateTimeOffset> admitted, IReadOnlyList<ConnectorLimit> windows, DateTimeOffset now)
    {
        TimeSpan? wait = null;
        foreach (var limit in windows)
        {
            var inWindow = admitted.Where(t => now - t < limit.Window).Order().ToArray();
            if (inWindow.Length >= limit.Count) wait = Max(wait, inWindow[inWindow.Length - limit.Count] + limit.Window - now);
        }
        // Only the longest window matters from here on.
        var horizon = windows.Count == 0 ? TimeSpan.Zero : windows.Max(w => w.Window);
        admitted.RemoveAll(t => now - t >= horizon);
        return wait;
    }

    private static TimeSpan? Max(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
