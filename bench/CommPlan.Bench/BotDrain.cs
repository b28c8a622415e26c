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

        await WarmUpAsync(rig, replies, conversations);
        var idle = await Load.MeasureAsync("  door (invoke) with the outbox empty", Invoke(rig), seconds: 5, concurrency: 16, warmUp: false);

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
        var backlog = replies - Replies(rig, replies);
        Console.WriteLine($"  queued through the door in {queued.Elapsed.TotalSeconds:0.0} s ({replies / queued.Elapsed.TotalSeconds:0} messages/s); {backlog} still in the outbox then");

        // The door while the backlog waits on the limits: invokes, which queue nothing more.
        var busy = await Load.MeasureAsync("  door (invoke) while the backlog drains", Invoke(rig), seconds: 5, concurrency: 16, warmUp: false);
        var deadline = Stopwatch.StartNew();
        while (Replies(rig, replies) < replies && deadline.Elapsed < TimeSpan.FromMinutes(10)) await Task.Delay(200);

        var received = Measured(rig, replies);
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

        // A burst in one conversation: its backlog waits on that conversation's limits (a few a second), so nearly all
        // the outbox does meanwhile is its own work (reading what is due, pacing), which must not slow the door.
        const int Burst = 300;
        var burstFrom = replies + 1_000_000;
        next = 0;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) <= Burst)
                (await http.SendAsync(rig.Activity(rig.Personal("message", Help, burstFrom + i, 1)))).Dispose();
        }));
        var before = rig.Connector.AllReceived().Values.Sum(r => r.Count);
        var waiting = Stopwatch.StartNew();
        var paced = await Load.MeasureAsync("  door (invoke) while one conversation's backlog waits", Invoke(rig), seconds: 5, concurrency: 16, warmUp: false);
        var sentMeanwhile = rig.Connector.AllReceived().Values.Sum(r => r.Count) - before;
        Console.WriteLine($"  one conversation: {Burst} replies queued, {sentMeanwhile / waiting.Elapsed.TotalSeconds:0.0}/s sent while the door was measured");
        Console.WriteLine($"  door p99 while draining {busy.P99:0.0} ms, while one conversation's backlog waits {paced.P99:0.0} ms, empty {idle.P99:0.0} ms; "
            + $"throughput {busy.PerSecond:0}, {paced.PerSecond:0} and {idle.PerSecond:0} invokes/s ({busy.PerSecond / idle.PerSecond:P0} and {paced.PerSecond / idle.PerSecond:P0} of empty)");
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

    /// <summary>
    /// A server runs for days: before anything is measured, the door and the outbox do their work until the host's
    /// code is compiled at its final tier. Tiered compilation recompiles hot code in the background, on a core of its
    /// own, for a minute or more after the start on this machine; measured then, the door "while draining" paid for it
    /// and the empty door, measured last, did not. So the warm-up goes on until the compilation thread has used no CPU
    /// for two seconds under load (at most two minutes). Its replies answer message numbers above
    /// <paramref name="replies"/>, which the counts leave out.
    /// </summary>
    private static async Task WarmUpAsync(BotDoorRig rig, int replies, int conversations)
    {
        var warm = Stopwatch.StartNew();
        var next = 0;
        var settled = false;
        var load = Task.WhenAll(Enumerable.Range(0, 16).Select(async worker =>
        {
            while (!settled && warm.Elapsed < WarmUpLimit)
            {
                var id = Interlocked.Increment(ref next);
                // One in ten a message, so the outbox's sending is compiled too (its replies pace at 50/s).
                var json = id % 10 == 0 ? rig.Personal("message", Help, replies + id, conversations) : rig.Personal("invoke", MineInvoke);
                using var response = await rig.Host.Http.SendAsync(rig.Activity(json));
            }
        }));
        var (ticks, quietSince) = (rig.Host.TieredCompilationTicks, Stopwatch.StartNew());
        while (!load.IsCompleted)
        {
            await Task.Delay(250);
            var now = rig.Host.TieredCompilationTicks;
            if (now != ticks) (ticks, quietSince) = (now, Stopwatch.StartNew());
            if (quietSince.Elapsed > TimeSpan.FromSeconds(2) && warm.Elapsed > TimeSpan.FromSeconds(10)) settled = true;
        }
        await load;
        var deadline = Stopwatch.StartNew();
        while (rig.Connector.AllReceived().Values.Sum(r => r.Count) < next / 10 && deadline.Elapsed < TimeSpan.FromMinutes(2)) await Task.Delay(200);
        Console.WriteLine($"  warm-up: {warm.Elapsed.TotalSeconds:0} s of invokes and messages ({(settled ? "compilation settled" : "compilation still running")}); {rig.Connector.AllReceived().Values.Sum(r => r.Count)} replies delivered");
    }

    private static readonly TimeSpan WarmUpLimit = TimeSpan.FromMinutes(2);

    /// <summary>The replies that arrived for the measured messages (numbered 1 to <paramref name="replies"/>).</summary>
    private static List<CommPlan.Testing.ReceivedActivity> Measured(BotDoorRig rig, int replies) =>
        [.. rig.Connector.AllReceived().Values.SelectMany(r => r).Where(r => int.TryParse(r.Activity.ReplyToId, out var n) && n <= replies)];

    private static int Replies(BotDoorRig rig, int replies) => Measured(rig, replies).Count;

    private static Func<Task<HttpResponseMessage>> Invoke(BotDoorRig rig) => () => rig.Host.Http.SendAsync(rig.Activity(rig.Personal("invoke", MineInvoke)));
}
