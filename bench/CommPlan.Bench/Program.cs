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
    const string appId = "5d1e7a9c-3b2f-4e6d-8c1a-9f0b2e4f6a81", secret = "bench-secret", tenant = "9f1d4c3e-1a2b-4c5d-8e9f-0a1b2c3d4e5f";
    await using var openId = await LoopbackOpenIdServer.StartAsync();
    await using var tokens = await LoopbackTokenServer.StartAsync(appId, secret);
    await using var connector = await LoopbackConnectorServer.StartAsync();
    connector.AcceptToken = tokens.Issued;
    var key = openId.PublishKey("msteams");

    // The host trusts the token endpoint's certificate made for this run, next to the system's roots.
    var trustFolder = Directory.CreateTempSubdirectory("commplan-bench-");
    var trust = tokens.WriteTrustFile(trustFolder.FullName);
    try
    {
        await using var host = await BenchHost.StartAsync(
            ["--Bot:AppId", appId, "--Bot:AppPassword", secret, "--Bot:TenantId", tenant, "--Bot:Authority", tokens.Authority(tenant),
             "--Bot:OpenIdMetadataUrl", openId.MetadataUrl, "--Bot:RequireHttpsMetadata", "false"],
            new Dictionary<string, string> { ["SSL_CERT_FILE"] = trust });
        var http = host.Http;
        // Teams sends the same token until it nears expiry.
        var token = LoopbackOpenIdServer.Sign(key, appId, connector.ServiceUrl, DateTime.UtcNow, lifetime: TimeSpan.FromHours(2));
        var n = 0;
        HttpRequestMessage Activity(string json)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return request;
        }
        string Personal(string type, string extra)
        {
            var i = Interlocked.Increment(ref n);
            return "{\"type\":\"" + type + "\",\"id\":\"" + i + "\",\"serviceUrl\":\"" + connector.ServiceUrl + "\",\"channelId\":\"msteams\",\"locale\":\"sv-SE\","
                + "\"from\":{\"id\":\"29:user-" + i % 200 + "\",\"name\":\"Anna Lindqvist\",\"aadObjectId\":\"6f1c7a52-0d3e-4c8e-9a41-2b7d3e5a1c01\"},"
                + "\"conversation\":{\"id\":\"a:bench-" + i % 200 + "\",\"conversationType\":\"personal\",\"tenantId\":\"" + tenant + "\"},"
                + "\"recipient\":{\"id\":\"28:" + appId + "\",\"name\":\"Kommunikationsplan\"},\"channelData\":{\"tenant\":{\"id\":\"" + tenant + "\"}}" + extra + "}";
        }

        await MeasureAsync("POST /api/messages message \"hjälp\"", () => http.SendAsync(Activity(Personal("message", ",\"text\":\"hjälp\""))));
        await MeasureAsync("POST /api/messages message \"mina aktiviteter\"", () => http.SendAsync(Activity(Personal("message", ",\"text\":\"mina aktiviteter\""))));
        await MeasureAsync("POST /api/messages invoke activities.mine", () => http.SendAsync(Activity(Personal("invoke",
            ",\"name\":\"adaptiveCard/action\",\"value\":{\"action\":{\"type\":\"Action.Execute\",\"verb\":\"activities.mine\",\"data\":{}},\"trigger\":\"manual\"}"))));
        var forged = LoopbackOpenIdServer.Sign(LoopbackOpenIdServer.NewKey(), appId, connector.ServiceUrl, DateTime.UtcNow);
        await MeasureAsync("POST /api/messages with a forged token (401)", () =>
        {
            var request = Activity(Personal("message", ",\"text\":\"hjälp\""));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", forged);
            return http.SendAsync(request);
        }, expected: HttpStatusCode.Unauthorized);
        Console.WriteLine($"  replies delivered to the loopback Bot Connector meanwhile: {connector.Accepted} (the outbox paces them at the Teams limits); token requests: {tokens.TokenRequests}");
    }
    finally
    {
        trustFolder.Delete(recursive: true);
    }
}

async Task MeasureAsync(string name, Func<Task<HttpResponseMessage>> send, HttpStatusCode expected = HttpStatusCode.OK)
{
    for (var i = 0; i < 200; i++) (await send()).Dispose(); // warm-up
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
    Console.WriteLine($"{name,-44} {all.Length / stop.Elapsed.TotalSeconds,8:0} {all[all.Length / 2],8:0.00} {all[(int)(all.Length * 0.99)],8:0.00} {errors,7}");
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
        for (var i = 0; i < 100; i++)
        {
            try
            {
                if ((await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return;
            }
            // A first /health on a busy machine (the SharePoint check's token and list lookups) may outlast the client's timeout.
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException("The host did not become healthy.");
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
