using System.Diagnostics;
using System.Net;

/// <summary>
/// The outbox under a backlog: how fast it empties against the configured Teams limits, counted at the loopback Bot
/// Connector (which enforces the documented limits with its own code), whether anything is lost or sent twice, and how
/// the door answers while the backlog waits; and the host's resident memory over many activities.
/// </summary>
static class BotDrain
{
    public const string MineInvoke =
        ",\"name\":\"adaptiveCard/action\",\"value\":{\"action\":{\"type\":\"Action.Execute\",\"verb\":\"activities.mine\",\"data\":{}},\"trigger\":\"manual\"}";

    private const string Help = ",\"text\":\"hjälp\"";

    /// <summary>The app's default global limit (Bot:Outbox:AppPerSecond), the one a spread backlog is paced by.</summary>
    private const int AppPerSecond = 50;

    public static async Task DrainAsync(int replies, int conversations)
    {
        await using var rig = await BotDoorRig.StartAsync();
        var http = rig.Host.Http;
        Console.WriteLine();
        Console.WriteLine($"Drain: {replies} replies over {conversations} conversations, global limit {AppPerSecond}/s");

        // Queue the backlog: each message's reply names it (replyToId), so the Connector can tell lost from doubled.
        var queued = Stopwatch.StartNew();
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            int id;
            while ((id = Interlocked.Increment(ref next)) <= replies)
            {
                using var response = await http.SendAsync(rig.Activity(rig.Personal("message", Help, id, conversations)));
                if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"Message {id} was answered {(int)response.StatusCode}.");
            }
        }));
        var queuedAt = DateTimeOffset.UtcNow;
        var backlog = replies - rig.Connector.AllReceived().Values.Sum(r => r.Count);
        Console.WriteLine($"  queued through the door in {queued.Elapsed.TotalSeconds:0.0} s ({replies / queued.Elapsed.TotalSeconds:0} messages/s); {backlog} still in the outbox then");

        // The door while the backlog waits on the limits: invokes, which queue nothing more.
        var busy = await Load.MeasureAsync("  door (invoke) while the backlog drains", Invoke(rig), seconds: 5, concurrency: 16, warmUp: false);
        var deadline = Stopwatch.StartNew();
        while (rig.Connector.AllReceived().Values.Sum(r => r.Count) < replies && deadline.Elapsed < TimeSpan.FromMinutes(10)) await Task.Delay(200);
        var idle = await Load.MeasureAsync("  door (invoke) with the outbox empty", Invoke(rig), seconds: 5, concurrency: 16, warmUp: false);

        var received = rig.Connector.AllReceived().Values.SelectMany(r => r).Where(r => r.Activity.ReplyToId is not null && int.TryParse(r.Activity.ReplyToId, out var n) && n <= replies).ToList();
        var perMessage = received.GroupBy(r => r.Activity.ReplyToId!).ToDictionary(g => g.Key, g => g.Count());
        var lost = Enumerable.Range(1, replies).Count(i => !perMessage.ContainsKey(i.ToString()));
        var doubled = perMessage.Values.Count(c => c > 1);
        var first = received.Min(r => r.ReceivedAt);
        var last = received.Max(r => r.ReceivedAt);
        // The pace of the backlog alone: what arrived after the door stopped queueing, over the time it took.
        var drained = received.Count(r => r.ReceivedAt > queuedAt);
        var rate = drained / (last - queuedAt).TotalSeconds;
        Console.WriteLine($"  delivered {received.Count} in {(last - first).TotalSeconds:0.0} s at the Connector; the backlog of {drained} after queueing at {rate:0.0}/s = {rate / AppPerSecond:P0} of the global limit; lost {lost}, sent twice {doubled}");
        Console.WriteLine($"  429s from the Connector's limits: {rig.Connector.LimitThrottles}; breaches measured at the Connector: {rig.Connector.LimitBreaches().Count}");
        Console.WriteLine($"  door p99 while draining {busy.P99:0.0} ms vs empty {idle.P99:0.0} ms; throughput {busy.PerSecond:0} vs {idle.PerSecond:0} invokes/s");
    }

    public static async Task MemoryAsync(int activities, int conversations)
    {
        await using var rig = await BotDoorRig.StartAsync();
        var http = rig.Host.Http;
        Console.WriteLine();
        Console.WriteLine($"Memory: resident size of the host over {activities:N0} activities in {conversations} conversations (1 in 20 a message with a reply)");
        var sent = 0;
        var step = activities / 5;
        for (var round = 0; round <= 5; round++)
        {
            if (round > 0)
            {
                var target = round * step;
                await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
                {
                    int id;
                    while ((id = Interlocked.Increment(ref sent)) <= target)
                    {
                        var json = id % 20 == 0 ? rig.Personal("message", Help, id, conversations) : rig.Personal("invoke", MineInvoke, id, conversations);
                        using var response = await http.SendAsync(rig.Activity(json));
                    }
                }));
                sent = target;
            }
            Console.WriteLine($"  after {round * step,7:N0} activities: {rig.Host.ResidentMiB,6:0} MiB resident; replies delivered so far {rig.Connector.Accepted}");
        }
    }

    private static Func<Task<HttpResponseMessage>> Invoke(BotDoorRig rig) => () => rig.Host.Http.SendAsync(rig.Activity(rig.Personal("invoke", MineInvoke)));
}
