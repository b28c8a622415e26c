using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using CommPlan.Testing;

// Load on the app's doors over loopback: starts the real host (Release build, embedded default, a fresh SQLite file)
// as its own process, then measures requests per second and p50/p99 latency. First it counts the Graph requests of
// the SharePoint adapter (see GraphRequestCounts.cs) and of the API's reads on SharePoint (GraphApiReads.cs), and times
// the reminder planner alone (ReminderPlannerBench.cs).
//  1. the plan API: the requests the tab and the bot make most;
//  2. the bot door /api/messages with Bot Framework authentication on: a message and an adaptiveCard/action invoke,
//     each with a token signed by a test key served from a loopback OpenID endpoint; replies go through the outbox
//     to a loopback Bot Connector, with the bot's own token from a loopback Entra ID token endpoint.
var seconds = args.Length > 0 ? int.Parse(args[0]) : 10;
var concurrency = args.Length > 1 ? int.Parse(args[1]) : 16;
var only = args.Length > 2 ? args[2] : "all";
if (only is "all" or "reminders")
{
    ReminderPlannerBench.Run();
    Console.WriteLine();
}
if (only is "all" or "graph")
{
    await GraphRequestCounts.RunAsync(pageSize: 5);
    Console.WriteLine();
    await GraphRequestCounts.RunAsync(pageSize: 200);
    Console.WriteLine();
    await GraphApiReads.RunAsync(pageSize: 200);
    Console.WriteLine();
}
if (only is "all" or "api" or "bot")
{
    Console.WriteLine($"{concurrency} concurrent clients, {seconds} s per request kind, {Environment.ProcessorCount} cores");
    Console.WriteLine($"{"request",-44} {"req/s",8} {"p50 ms",8} {"p99 ms",8} {"errors",7}");
}
if (only is "all" or "api") await PlanApiAsync();
if (only is "all" or "bot") await BotDoorAsync();
if (only is "all" or "drain") await BotDrain.DrainAsync(replies: 2000, conversations: 200);
if (only is "all" or "memory") await BotDrain.MemoryAsync(activities: 100_000, conversations: 200);
if (only is "all" or "tab")
{
    Console.WriteLine();
    await using var tabHost = await BenchHost.StartAsync([]);
    await TabViewBench.RunAsync(tabHost.Http, seconds);
}

async Task PlanApiAsync()
{
    await using var host = await BenchHost.StartAsync([]);
    var http = host.Http;
    var plan = "3f0c9a6e-5b7d-4d1e-9a52-7c1b2e4f6a01";
    var one = (await http.GetStringAsync($"/api/plans/{plan}/activities?unit=repris")).Split("\"id\":\"")[1][..36];
    await MeasureAsync("GET activities (whole plan)", () => http.GetAsync($"/api/plans/{plan}/activities"));
    await MeasureAsync("GET activities?status=late", () => http.GetAsync($"/api/plans/{plan}/activities?status=late"));
    await MeasureAsync("GET one activity", () => http.GetAsync($"/api/plans/{plan}/activities/{one}"));
    var n = 0;
    await MeasureAsync("POST new activity", () => http.PostAsync($"/api/plans/{plan}/activities", new StringContent(
        $$"""{"title":"Bench {{Interlocked.Increment(ref n)}}","unit":"vlc","schedule":"maj"}""", Encoding.UTF8, "application/json")));
}

async Task BotDoorAsync()
{
    await using var rig = await BotDoorRig.StartAsync();
    var http = rig.Host.Http;
    await MeasureAsync("POST /api/messages message \"hjälp\"", () => http.SendAsync(rig.Activity(rig.Personal("message", ",\"text\":\"hjälp\""))));
    await MeasureAsync("POST /api/messages message \"mina aktiviteter\"", () => http.SendAsync(rig.Activity(rig.Personal("message", ",\"text\":\"mina aktiviteter\""))));
    await MeasureAsync("POST /api/messages invoke activities.mine", () => http.SendAsync(rig.Activity(rig.Personal("invoke", BotDrain.MineInvoke))));
    var forged = LoopbackOpenIdServer.Sign(LoopbackOpenIdServer.NewKey(), BotDoorRig.AppId, rig.Connector.ServiceUrl, DateTime.UtcNow);
    await MeasureAsync("POST /api/messages with a forged token (401)",
        () => http.SendAsync(rig.Activity(rig.Personal("message", ",\"text\":\"hjälp\""), forged)), expected: HttpStatusCode.Unauthorized);
    Console.WriteLine($"  replies delivered to the loopback Bot Connector meanwhile: {rig.Connector.Accepted} (the outbox paces them at the Teams limits); token requests: {rig.TokenRequests}");
}

async Task MeasureAsync(string name, Func<Task<HttpResponseMessage>> send, HttpStatusCode expected = HttpStatusCode.OK) =>
    await Load.MeasureAsync(name, send, seconds, concurrency, expected);

static class Load
{
    /// <summary>Sends from <paramref name="concurrency"/> clients for <paramref name="seconds"/>; prints and returns requests/s and p99 (ms).</summary>
    public static async Task<(double PerSecond, double P99)> MeasureAsync(string name, Func<Task<HttpResponseMessage>> send, int seconds, int concurrency,
        HttpStatusCode expected = HttpStatusCode.OK, bool warmUp = true)
    {
        if (warmUp)
            for (var i = 0; i < 200; i++) (await send()).Dispose();
        var latencies = new List<double>[concurrency];
        var errors = 0;
        var stop = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var mine = latencies[worker] = [];
            while (stop.Elapsed < until)
            {
                var t = Stopwatch.GetTimestamp();
                using var response = await send();
                if (response.StatusCode != expected && !(expected == HttpStatusCode.OK && response.IsSuccessStatusCode)) Interlocked.Increment(ref errors);
                mine.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
        }));
        var all = latencies.SelectMany(l => l).Order().ToArray();
        var perSecond = all.Length / stop.Elapsed.TotalSeconds;
        var p99 = all[(int)(all.Length * 0.99)];
        Console.WriteLine($"{name,-44} {perSecond,8:0} {all[all.Length / 2],8:0.00} {p99,8:0.00} {errors,7}");
        return (perSecond, p99);
    }
}

/// <summary>The Release host as its own process on a free loopback port, on a fresh SQLite file.</summary>
sealed class BenchHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private BenchHost(Process process, string folder, HttpClient http)
    {
        _process = process;
        _folder = folder;
        Http = http;
    }

    public HttpClient Http { get; }

    /// <summary>The host process's resident memory now, in MiB.</summary>
    public double ResidentMiB
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64 / (1024.0 * 1024.0);
        }
    }

    /// <summary>
    /// CPU time so far of the runtime's tiered compilation thread, in clock ticks (Linux: /proc; 0 elsewhere). While
    /// it grows, the host is still recompiling its hot code and is not yet in the steady state a server runs in.
    /// </summary>
    public long TieredCompilationTicks
    {
        get
        {
            var tasks = $"/proc/{_process.Id}/task";
            if (!Directory.Exists(tasks)) return 0;
            long ticks = 0;
            foreach (var task in Directory.EnumerateDirectories(tasks))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var close = stat.LastIndexOf(')');
                    if (!stat.AsSpan(stat.IndexOf('(') + 1, close - stat.IndexOf('(') - 1).StartsWith(".NET Tiered")) continue;
                    var fields = stat[(close + 2)..].Split(' ');
                    ticks += long.Parse(fields[11]) + long.Parse(fields[12]);
                }
                catch (IOException)
                {
                    // the thread ended
                }
            }
            return ticks;
        }
    }

    public static async Task<BenchHost> StartAsync(string[] settings, IDictionary<string, string>? environment = null)
    {
        var hostDll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "CommPlan.Host", "bin", "Release", "net10.0", "CommPlan.Host.dll"));
        if (!File.Exists(hostDll)) throw new FileNotFoundException("Build the host in Release first (bench/run.sh does).", hostDll);
        var folder = Directory.CreateTempSubdirectory("commplan-bench-").FullName;
        var baseUrl = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet", [hostDll, "--urls", baseUrl,
            "--Storage:DatabasePath", Path.Combine(folder, "bench.db"), "--Storage:DocumentsFolder", Path.Combine(folder, "docs"),
            "--Logging:LogLevel:Default", "Warning", .. settings])
        {
            WorkingDirectory = Path.GetDirectoryName(hostDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        var process = Process.Start(start)!;
        // Drain the host's output so that it never blocks on a full pipe; show warnings about sending.
        process.OutputDataReceived += (_, e) => { if (e.Data?.Contains("fail", StringComparison.Ordinal) == true) Console.Error.WriteLine("host: " + e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("host: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(10) };
        await WaitForHealthAsync(http);
        return new BenchHost(process, folder, http);
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        Http.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task WaitForHealthAsync(HttpClient http)
    {
        // A busy machine may take a while to start the host.
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(90))
        {
            try
            {
                if ((await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return;
            }
            // A first /health on a busy machine (the SharePoint check's token and list lookups) may outlast the client's timeout.
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException("The host did not become healthy within 90 s.");
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
