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
/// Counts the Graph requests (not time) the SharePoint adapter makes, against the loopback Graph: provisioning a site
/// (and again), importing a 200-activity plan, the first read after it, a cold read on a new app instance and warm
/// reads. A $batch counts as one request; its steps are shown beside it.
/// </summary>
static class GraphRequestCounts
{
    private const string Tenant = "11111111-2222-3333-4444-555555555555";

    public static async Task RunAsync(int pageSize)
    {
        await using var graph = await LoopbackGraphServer.StartAsync();
        await using var tokens = await LoopbackTokenServer.StartAsync("commplan-bench", "bench-secret");
        graph.TrustTokensFrom(tokens);
        graph.GrantSite(tokens.ClientId);
        graph.PageSize = pageSize;
        var folder = Directory.CreateTempSubdirectory("commplan-graph-bench-");
        var providers = new List<ServiceProvider>();
        try
        {
            var options = new SharePointOptions
            {
                SiteId = graph.SiteId, GraphBaseUrl = graph.GraphBaseUrl, Authority = tokens.Authority(Tenant), TenantId = Tenant,
                ClientId = tokens.ClientId, ClientSecret = tokens.ClientSecret, Organisation = "Bench kommun",
            };
            async Task<IServiceProvider> AppAsync(string database)
            {
                var services = new ServiceCollection().AddLogging()
                    .AddEmbeddedStorage(new EmbeddedStorageOptions(Path.Combine(folder.FullName, database), Path.Combine(folder.FullName, "documents")))
                    .AddSharePointStorage(options);
                services.AddHttpClient(GraphTokenProvider.HttpClientName).ConfigurePrimaryHttpMessageHandler(tokens.CreatePinnedHandler);
                var provider = services.BuildServiceProvider();
                providers.Add(provider);
                await SqliteStorage.MigrateAsync(provider, default);
                return provider;
            }
            async Task<T> Counted<T>(string what, IServiceProvider app, Func<IServiceProvider, Task<T>> action)
            {
                graph.ResetCounters();
                await using var scope = app.CreateAsyncScope();
                var result = await action(scope.ServiceProvider);
                Console.WriteLine($"{what,-44} {graph.RequestCount,8} {graph.StepCount,8} {graph.ResourceUnits,8}");
                return result;
            }

            Console.WriteLine($"Graph requests of the SharePoint adapter (loopback Graph, {pageSize} items a page)");
            Console.WriteLine($"{"operation",-44} {"requests",8} {"steps",8} {"RU",8}");
            var app = await AppAsync("app.db");
            await Counted("provision an empty site", app, sp => sp.GetRequiredService<Provisioner>().ProvisionAsync(default));
            await Counted("provision again (nothing to do)", app, sp => sp.GetRequiredService<Provisioner>().ProvisionAsync(default));

            var plan = DemoPlan.BuildPlan(2026);
            var demo = DemoPlan.BuildActivities(plan, new DateOnly(2026, 6, 15));
            var activities = Enumerable.Range(0, 200).Select(i => Activity.FromSnapshot(demo[i % demo.Count].ToSnapshot() with
            {
                Id = Guid.NewGuid(),
                Title = $"{demo[i % demo.Count].Title} {i + 1}",
            })).ToArray();
            await Counted("save the plan (vocabulary)", app, async sp => { await sp.GetRequiredService<IPlanStore>().SaveAsync(plan, default); return 0; });
            // The demo owners are on the site, so the import fills the Owner person column: it reads the site's user list once.
            foreach (var owner in demo.Select(a => a.Owner).OfType<Owner>().Distinct()) graph.AddSiteUser(owner.Email!, owner.DisplayName);
            await Counted("import 200 activities", app, async sp => { await sp.GetRequiredService<IActivityStore>().AddRangeAsync(activities, default); return 0; });
            var userPages = graph.Requests.Count(r => Uri.UnescapeDataString(r.PathAndQuery).Contains("/lists/User Information List/items", StringComparison.Ordinal));
            Console.WriteLine($"{"  of which the site's user list (once)",-44} {userPages,8}");
            await Counted("read the plan after the import", app, sp => sp.GetRequiredService<IActivityStore>().ListAsync(plan.Id, default));
            await Counted("warm read", app, sp => sp.GetRequiredService<IActivityStore>().ListAsync(plan.Id, default));
            var other = await AppAsync("other.db");
            await Counted("cold read (a new app instance)", other, sp => sp.GetRequiredService<IActivityStore>().ListAsync(plan.Id, default));
            await Counted("its warm read", other, sp => sp.GetRequiredService<IActivityStore>().ListAsync(plan.Id, default));
            await Counted("one activity changed (If-Match)", app, async sp =>
            {
                var store = sp.GetRequiredService<IActivityStore>();
                var one = (await store.GetAsync(plan.Id, activities[0].Id, default))!;
                one.Value.ChangeStatus(ActivityStatus.InProgress, new DateOnly(2026, 6, 15));
                return await store.UpdateAsync(one.Value, one.ETag, default);
            });
            await Counted("warm read on the other instance", other, sp => sp.GetRequiredService<IActivityStore>().ListAsync(plan.Id, default));
        }
        finally
        {
            foreach (var p in providers) await p.DisposeAsync();
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }
}
