using System.Diagnostics;
using System.IO.Compression;
using System.Text;

/// <summary>
/// The plan tab's two heaviest views with 1,000 activities: the year (grid and wheel) and the whole list. Reports
/// the server's time for one page (one client, so the time is the page's and not the queue's: p50/p99 over
/// <paramref name="seconds"/>) and its size as sent and as gzip would send it.
/// </summary>
static class TabViewBench
{
    public const string PlanId = "3f0c9a6e-5b7d-4d1e-9a52-7c1b2e4f6a01";
    private static readonly string[] Units = ["avdelningen", "vlc", "individstod", "repris", "sc", "integration"];

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
        Console.WriteLine($"{"page with 1,000 activities (1 client)",-44} {"p50 ms",8} {"p99 ms",8} {"KB",8} {"gzip KB",8}");
        foreach (var (name, path) in new[] { ("GET year view (grid + wheel)", $"/plans/{PlanId}/year"), ("GET list view (all)", $"/plans/{PlanId}/list"), ("GET list view ?status=late", $"/plans/{PlanId}/list?status=late") })
        {
            for (var i = 0; i < 20; i++) await http.GetByteArrayAsync(path); // warm-up
            var times = new List<double>();
            byte[] page = [];
            var stop = Stopwatch.StartNew();
            while (stop.Elapsed < TimeSpan.FromSeconds(seconds))
            {
                var t = Stopwatch.GetTimestamp();
                page = await http.GetByteArrayAsync(path);
                times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
            times.Sort();
            using var gzipped = new MemoryStream();
            await using (var gzip = new GZipStream(gzipped, CompressionLevel.Optimal, leaveOpen: true)) await gzip.WriteAsync(page);
            Console.WriteLine($"{name,-44} {times[times.Count / 2],8:0.0} {times[(int)(times.Count * 0.99)],8:0.0} {page.Length / 1024.0,8:0} {gzipped.Length / 1024.0,8:0}");
        }
    }
}
