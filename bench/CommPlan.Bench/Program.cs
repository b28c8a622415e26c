using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

// Load on the plan API over loopback: starts the real host (Release build, embedded default, a fresh SQLite file)
// as its own process, then measures requests per second and p50/p99 latency for the requests the tab and the bot
// make most: the whole activity list, a filtered list, one activity, and creating an activity.
var seconds = args.Length > 0 ? int.Parse(args[0]) : 10;
var concurrency = args.Length > 1 ? int.Parse(args[1]) : 16;

var hostDll = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "CommPlan.Host", "bin", "Release", "net10.0", "CommPlan.Host.dll");
hostDll = Path.GetFullPath(hostDll);
if (!File.Exists(hostDll)) throw new FileNotFoundException("Build the host in Release first (bench/run.sh does).", hostDll);

var folder = Directory.CreateTempSubdirectory("commplan-bench-").FullName;
var port = FreePort();
var baseUrl = $"http://127.0.0.1:{port}";
using var host = Process.Start(new ProcessStartInfo("dotnet", [hostDll, "--urls", baseUrl,
    "--Storage:DatabasePath", Path.Combine(folder, "bench.db"), "--Storage:DocumentsFolder", Path.Combine(folder, "docs"),
    "--Logging:LogLevel:Default", "Warning"])
{
    WorkingDirectory = Path.GetDirectoryName(hostDll)!,
    RedirectStandardOutput = true,
    RedirectStandardError = true,
})!;
try
{
    using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(10) };
    await WaitForHealthAsync(http);
    var plan = "3f0c9a6e-5b7d-4d1e-9a52-7c1b2e4f6a01";
    var one = (await http.GetStringAsync($"/api/plans/{plan}/activities?unit=repris")).Split("\"id\":\"")[1][..36];

    Console.WriteLine($"plan API on loopback, {concurrency} concurrent clients, {seconds} s each, {Environment.ProcessorCount} cores");
    Console.WriteLine($"{"request",-34} {"req/s",8} {"p50 ms",8} {"p99 ms",8} {"errors",7}");
    await MeasureAsync("GET activities (whole plan)", () => http.GetAsync($"/api/plans/{plan}/activities"));
    await MeasureAsync("GET activities?status=late", () => http.GetAsync($"/api/plans/{plan}/activities?status=late"));
    await MeasureAsync("GET one activity", () => http.GetAsync($"/api/plans/{plan}/activities/{one}"));
    var n = 0;
    await MeasureAsync("POST new activity", () => http.PostAsync($"/api/plans/{plan}/activities", new StringContent(
        $$"""{"title":"Bench {{Interlocked.Increment(ref n)}}","unit":"vlc","schedule":"maj"}""", Encoding.UTF8, "application/json")));
}
finally
{
    host.Kill(entireProcessTree: true);
    await host.WaitForExitAsync();
    Directory.Delete(folder, recursive: true);
}

async Task MeasureAsync(string name, Func<Task<HttpResponseMessage>> send)
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
            if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
            mine.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
    }));
    var all = latencies.SelectMany(l => l).Order().ToArray();
    Console.WriteLine($"{name,-34} {all.Length / stop.Elapsed.TotalSeconds,8:0} {all[all.Length / 2],8:0.00} {all[(int)(all.Length * 0.99)],8:0.00} {errors,7}");
}

static async Task WaitForHealthAsync(HttpClient http)
{
    for (var i = 0; i < 100; i++)
    {
        try
        {
            if ((await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return;
        }
        catch (HttpRequestException) { }
        await Task.Delay(200);
    }
    throw new TimeoutException("The host did not become healthy.");
}

static int FreePort()
{
    using var l = new TcpListener(IPAddress.Loopback, 0);
    l.Start();
    return ((IPEndPoint)l.LocalEndpoint).Port;
}
