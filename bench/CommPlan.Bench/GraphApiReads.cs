using System.Text.Json.Nodes;
using CommPlan.Application.Demo;
using CommPlan.Application.Storage;
using CommPlan.Domain.Activities;
using CommPlan.Storage.SharePoint;
using CommPlan.Storage.SharePoint.Graph;
using CommPlan.Storage.Sqlite;
using CommPlan.Testing;
using CommPlan.Testing.Graph;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Counts the Graph requests of the API's reads, not time: the real host (its own process) on a SharePoint site served
/// by the loopback Graph, a plan of 200 activities. Each read is counted cold (the first on a newly started host),
/// warm (read again) and after one change someone made in SharePoint.
/// </summary>
static class GraphApiReads
{
    private const string Tenant = "11111111-2222-3333-4444-555555555555";

    public static async Task RunAsync(int pageSize)
    {
        await using var graph = await LoopbackGraphServer.StartAsync();
        await using var tokens = await LoopbackTokenServer.StartAsync("commplan-bench", "bench-secret");
        graph.TrustTokensFrom(tokens);
        graph.GrantSite(tokens.ClientId);
        graph.PageSize = pageSize;
        var folder = Directory.CreateTempSubdirectory("commplan-graph-api-bench-");
        var options = new SharePointOptions
        {
            SiteId = graph.SiteId, GraphBaseUrl = graph.GraphBaseUrl, Authority = tokens.Authority(Tenant), TenantId = Tenant,
            ClientId = tokens.ClientId, ClientSecret = tokens.ClientSecret, Organisation = "Bench kommun",
        };
        var services = new ServiceCollection().AddLogging()
            .AddEmbeddedStorage(new EmbeddedStorageOptions(Path.Combine(folder.FullName, "setup.db"), Path.Combine(folder.FullName, "documents")))
            .AddSharePointStorage(options);
        services.AddHttpClient(GraphTokenProvider.HttpClientName).ConfigurePrimaryHttpMessageHandler(tokens.CreatePinnedHandler);
        var setup = services.BuildServiceProvider();
        try
        {
            await SqliteStorage.MigrateAsync(setup, default);
            var plan = DemoPlan.BuildPlan(2026);
            var demo = DemoPlan.BuildActivities(plan, new DateOnly(2026, 6, 15));
            var activities = Enumerable.Range(0, 200).Select(i => Activity.FromSnapshot(demo[i % demo.Count].ToSnapshot() with
            {
                Id = Guid.NewGuid(),
                Title = $"{demo[i % demo.Count].Title} {i + 1}",
            })).ToArray();
            await using (var scope = setup.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<Provisioner>().ProvisionAsync(default);
                await scope.ServiceProvider.GetRequiredService<IPlanStore>().SaveAsync(plan, default);
                await scope.ServiceProvider.GetRequiredService<IActivityStore>().AddRangeAsync(activities, default);
            }
            var calls = setup.GetRequiredService<GraphCalls>();
            var edits = 0;
            // Someone changes an item in SharePoint (a PATCH of its fields, as the list's edit form sends).
            async Task EditByHandAsync(string list, JsonObject fields)
            {
                var item = graph.Items(list)[0].Id;
                await calls.SendAsync(GraphCalls.WithJson(calls.Client.Sites[graph.SiteId].Lists[graph.ListId(list)].Items[item].Fields
                    .ToPatchRequestInformation(new()), fields), default);
            }

            Console.WriteLine($"Graph requests per API read (the host on the loopback Graph, {pageSize} items a page, 200 activities; requests/RU)");
            Console.WriteLine($"{"read",-44} {"cold",10} {"warm",10} {"changed",10}");
            var trustFolder = Directory.CreateTempSubdirectory("commplan-bench-trust-");
            var trust = tokens.WriteTrustFile(trustFolder.FullName);
            try
            {
                string[] settings =
                [
                    "--SharePoint:SiteId", graph.SiteId, "--SharePoint:GraphBaseUrl", graph.GraphBaseUrl, "--SharePoint:Authority", tokens.Authority(Tenant),
                    "--SharePoint:TenantId", Tenant, "--SharePoint:ClientId", tokens.ClientId, "--SharePoint:ClientSecret", tokens.ClientSecret,
                    "--SharePoint:Organisation", "Bench kommun",
                ];
                var environment = new Dictionary<string, string> { ["SSL_CERT_FILE"] = trust };
                var reads = new (string Name, string Path, string List, Func<JsonObject> Change)[]
                {
                    ("GET /api/plans/{id}/activities", $"/api/plans/{plan.Id}/activities", "Activity plan",
                        () => new JsonObject { ["Title"] = $"Changed in SharePoint {++edits}" }),
                    ("GET /api/plans/{id}", $"/api/plans/{plan.Id}", "Communication plans",
                        () => new JsonObject { ["Title"] = $"Kommunikationsplan 2026, changed {++edits}" }),
                };
                foreach (var (name, path, list, change) in reads)
                {
                    // A new host for each read, so that its first read is cold.
                    await using var host = await BenchHost.StartAsync(settings, environment);
                    async Task<string> CountedAsync()
                    {
                        graph.ResetCounters();
                        using var response = await host.Http.GetAsync(path);
                        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{name} answered {(int)response.StatusCode}.");
                        return $"{graph.RequestCount}/{graph.ResourceUnits}";
                    }
                    var cold = await CountedAsync();
                    var warm = await CountedAsync();
                    await EditByHandAsync(list, change());
                    var changed = await CountedAsync();
                    Console.WriteLine($"{name,-44} {cold,10} {warm,10} {changed,10}");
                }
            }
            finally
            {
                trustFolder.Delete(recursive: true);
            }
        }
        finally
        {
            await setup.DisposeAsync();
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }
}
