using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.Playwright;

/// <summary>
/// The plan tab's two heaviest views with 1,000 activities: the year (grid and wheel) and the whole list. Reports
/// the server's time for one page (one client, so the time is the page's and not the queue's: p50/p99 over
/// <paramref name="seconds"/>), its size as sent plain and as the host sends it to a client that takes Brotli or
/// gzip, and the time to first render in headless Chromium. The machine is shared, so each page's p50 is also given
/// as a multiple of the p50 of <c>GET /health</c> (the reference) measured just before it in the same run.
/// </summary>
static class TabViewBench
{
    public const string PlanId = "3f0c9a6e-5b7d-4d1e-9a52-7c1b2e4f6a01";
    public const string ChromiumPath = "/usr/bin/chromium";
    private static readonly string[] Units = ["avdelningen", "vlc", "individstod", "repris", "sc", "integration"];

    private static readonly (string Name, string Path)[] Pages =
    [
        ("GET year view (grid + wheel)", $"/plans/{PlanId}/year"),
        ("GET list view (all)", $"/plans/{PlanId}/list"),
        ("GET list view ?status=late", $"/plans/{PlanId}/list?status=late"),
    ];

    public static async Task RunAsync(HttpClient http, int seconds)
    {
        var existing = (await http.GetStringAsync($"/api/plans/{PlanId}/activities")).Split("\"id\":\"").Length - 1;
        for (var i = existing; i < 1000; i++)
        {
            var month = i % 12 + 1;
            var last = Math.Min(12, month + i % 3);
            var body = $$"""{"title":"Aktivitet {{i}} – kampanj för {{Units[i % Units.Length]}}","unit":"{{Units[i % Units.Length]}}","period":{"from":"2026-{{month:00}}-01","to":"2026-{{last:00}}-{{DateTime.DaysInMonth(2026, last)}}"},"channels":["webb","facebook"],"targetGroups":["allmanhet"],"goals":["intresse"],"owner":{"objectId":"9b3e5c74-2f50-4eaf-9c63-4d9f5a7c3e03","displayName":"Maria Öberg"},"followUpMetric":"Antal besökare"}""";
            using var created = await http.PostAsync($"/api/plans/{PlanId}/activities", new StringContent(body, Encoding.UTF8, "application/json"));
            if (!created.IsSuccessStatusCode) throw new InvalidOperationException($"Activity {i}: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        }
        // The client takes what the host sends as it is, so the bytes counted are the bytes transferred.
        using var raw = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = http.BaseAddress };
        // Every page in both forms first, until the host's code is compiled at its final tier (tiered compilation
        // recompiles a method after 30 calls, in the background, once no new code has run for a while): a server runs
        // for days, so its steady state is what is measured.
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < WarmUp)
            foreach (var (_, path) in Pages.Prepend(("", "/health")))
                foreach (var encoding in new[] { "br", null })
                    await TimeAsync(raw, path, encoding, 0);
        Console.WriteLine($"load average (1 min) at start: {LoadAverage()}");
        Console.WriteLine($"{"page with 1,000 activities (1 client)",-34} {"br p50",7} {"br p99",7} {"p50",7} {"p99",7} {"/health",8} {"x ref",6} {"KB",6} {"br KB",6} {"gz KB",6} {"gz(c)KB",7}");
        foreach (var (name, path) in Pages)
        {
            var reference = await TimeAsync(raw, "/health", null, seconds / 2.0);
            // As a browser asks for it (Teams' webview takes Brotli), then plain: the time to send 1 MB as it is.
            var brotli = await TimeAsync(raw, path, "br", seconds);
            var plain = await TimeAsync(raw, path, null, seconds / 2.0);
            var gzip = await TimeAsync(raw, path, "gzip", 0);
            using var computed = new MemoryStream();
            await using (var z = new GZipStream(computed, CompressionLevel.Optimal, leaveOpen: true)) await z.WriteAsync(plain.Page);
            Console.WriteLine($"{name,-34} {brotli.P50,7:0.0} {brotli.P99,7:0.0} {plain.P50,7:0.0} {plain.P99,7:0.0} {reference.P50,8:0.00} {brotli.P50 / reference.P50,6:0.0} "
                + $"{plain.Page.Length / 1024.0,6:0} {brotli.Page.Length / 1024.0,6:0} {gzip.Page.Length / 1024.0,6:0} {computed.Length / 1024.0,7:0}");
        }
        Console.WriteLine("(br: sent to a client taking Brotli, as browsers do; p50/p99 and KB: sent plain; x ref: br p50 over /health's; gz KB: sent to a client taking gzip; gz(c): the plain page gzipped here)");
        await FirstRenderAsync(http.BaseAddress!, seconds);
        Console.WriteLine($"load average (1 min) at end: {LoadAverage()}");
    }

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(20);

    private sealed record Timing(double P50, double P99, byte[] Page);

    private static async Task<Timing> TimeAsync(HttpClient http, string path, string? encoding, double seconds)
    {
        async Task<byte[]> GetAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (encoding is not null) request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadAsByteArrayAsync();
        }
        for (var i = 0; i < 20; i++) await GetAsync();
        var times = new List<double>();
        var page = await GetAsync();
        var stop = Stopwatch.StartNew();
        while (stop.Elapsed < TimeSpan.FromSeconds(seconds) || times.Count < 5)
        {
            var t = Stopwatch.GetTimestamp();
            page = await GetAsync();
            times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
        times.Sort();
        return new Timing(times[times.Count / 2], times[Math.Min(times.Count - 1, (int)(times.Count * 0.99))], page);
    }

    /// <summary>
    /// Headless Chromium opens each view in a fresh context (nothing cached, as on a first visit) and reports, p50 over
    /// the loads: the first contentful paint and the load event, both from the navigation's start, and how many loads.
    /// </summary>
    private static async Task FirstRenderAsync(Uri baseAddress, int seconds)
    {
        if (!File.Exists(ChromiumPath))
        {
            Console.WriteLine($"(first render skipped: {ChromiumPath} is missing)");
            return;
        }
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Console.WriteLine($"{"headless Chromium, fresh context",-34} {"FCP p50",8} {"load p50",9} {"loads",6}");
        foreach (var (name, path) in Pages.Take(2))
        {
            var paints = new List<double>();
            var loads = new List<double>();
            var stop = Stopwatch.StartNew();
            for (var i = 0; stop.Elapsed < TimeSpan.FromSeconds(seconds) || i < 5; i++)
            {
                await using var context = await browser.NewContextAsync(new() { BaseURL = baseAddress.ToString(), Locale = "sv-SE" });
                var page = await context.NewPageAsync();
                await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Load, Timeout = 60_000 });
                var timing = await page.EvaluateAsync<double[]>("""
                    () => [
                        performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1,
                        performance.getEntriesByType('navigation')[0].loadEventStart,
                    ]
                    """);
                if (i == 0) continue; // the first load warms the host's static files and the browser
                paints.Add(timing[0]);
                loads.Add(timing[1]);
            }
            paints.Sort();
            loads.Sort();
            Console.WriteLine($"{name,-34} {paints[paints.Count / 2],8:0} {loads[loads.Count / 2],9:0} {loads.Count,6}");
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
