using System.Net;
using System.Text.Json.Nodes;
using CommPlan.Application.Demo;
using CommPlan.Application.Storage;
using CommPlan.Host.Tests.Infrastructure;
using CommPlan.Storage.SharePoint;
using CommPlan.Storage.SharePoint.Graph;
using CommPlan.Testing;
using CommPlan.Testing.Graph;
using Microsoft.Extensions.DependencyInjection;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;

namespace CommPlan.Host.Tests.Api;

/// <summary>The API over a SharePoint site whose lists people also edit by hand: what was emptied there is what the API answers.</summary>
public sealed class SharePointSyncTests : IAsyncLifetime
{
    private const string Tenant = "11111111-2222-3333-4444-555555555555";
    private static readonly Guid DemoPlan2026 = DemoPlanId;
    private LoopbackGraphServer _graph = null!;
    private LoopbackTokenServer _tokens = null!;
    private AppFactory _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _graph = await LoopbackGraphServer.StartAsync();
        _tokens = await LoopbackTokenServer.StartAsync("commplan-app", "s3cret");
        _graph.TrustTokensFrom(_tokens);
        _graph.GrantSite(_tokens.ClientId);
        _app = new AppFactory(new Dictionary<string, string?>
        {
            ["SharePoint:SiteId"] = _graph.SiteId,
            ["SharePoint:GraphBaseUrl"] = _graph.GraphBaseUrl,
            ["SharePoint:Authority"] = _tokens.Authority(Tenant),
            ["SharePoint:TenantId"] = Tenant,
            ["SharePoint:ClientId"] = _tokens.ClientId,
            ["SharePoint:ClientSecret"] = _tokens.ClientSecret,
            ["SharePoint:Organisation"] = "Piteå kommun",
        })
        {
            ConfigureTestServices = services =>
                services.AddHttpClient(GraphTokenProvider.HttpClientName).ConfigurePrimaryHttpMessageHandler(_tokens.CreatePinnedHandler),
        };
        _client = _app.CreateClient();
        _client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        await using var scope = _app.Services.CreateAsyncScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<Provisioner>().ProvisionAsync(default)).Succeeded);
        var plan = DemoPlan.BuildPlan(2026);
        Assert.Equal(DemoPlan2026, plan.Id);
        await scope.ServiceProvider.GetRequiredService<IPlanStore>().SaveAsync(plan, default);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _graph.DisposeAsync();
        await _tokens.DisposeAsync();
    }

    [Fact]
    public async Task Columns_emptied_in_SharePoint_read_as_empty_through_the_api()
    {
        var created = await _client.PostAsync(Activities, Json(NewActivity()));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var location = created.Headers.Location!.OriginalString;
        Assert.Equal("Antal publicerade artiklar", (string?)(await (await _client.GetAsync(location)).ReadJsonAsync())["followUpMetric"]);

        await EditByHandAsync("Activity plan", ActivityItemId(), new JsonObject
        {
            ["ActivityDescription"] = "",
            ["FollowUpMetric"] = null,
            ["Channels@odata.type"] = "Collection(Edm.String)",
            ["Channels"] = new JsonArray(),
        });
        var fields = Assert.Single(_graph.Items("Activity plan")).Fields;
        Assert.False(fields.ContainsKey("FollowUpMetric"), "Graph leaves an emptied field out of the item");
        var read = await _client.GetAsync(location);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var activity = await read.ReadJsonAsync();
        Assert.Null((string?)activity["description"]);
        Assert.Null((string?)activity["followUpMetric"]);
        Assert.Empty(activity["channels"]!.AsArray());
        Assert.Equal(["media", "ungdomar"], activity["targetGroups"]!.AsArray().Select(t => (string?)t));
        Assert.Equal(read.Headers.ETag?.Tag, (string?)activity["eTag"]);
    }

    [Fact]
    public async Task A_warm_read_of_a_plans_activities_through_the_api_costs_one_graph_request()
    {
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync(Activities, Json(NewActivity()))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(Activities)).StatusCode);
        _graph.ResetCounters();

        var read = await _client.GetAsync(Activities);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("Pressträff om sommarjobb", (string?)Assert.Single((await read.ReadJsonAsync())["items"]!.AsArray())!["title"]);
        // The plan (for its year and vocabularies) and its activities, both lists' deltas in one $batch.
        Assert.Equal(1, _graph.RequestCount);
    }

    [Fact]
    public async Task A_plan_renamed_in_SharePoint_shows_on_the_next_api_read_which_costs_one_graph_request()
    {
        var before = await _client.GetAsync(PlanPath);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        _graph.ResetCounters();
        var warm = await _client.GetAsync(PlanPath);
        Assert.Equal(1, _graph.RequestCount);
        Assert.Equal(before.Headers.ETag, warm.Headers.ETag);

        await EditByHandAsync("Communication plans", Assert.Single(_graph.Items("Communication plans")).Id,
            new JsonObject { ["Title"] = "Kommunikationsplan 2026, reviderad" });
        _graph.ResetCounters();
        var read = await _client.GetAsync(PlanPath);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("Kommunikationsplan 2026, reviderad", (string?)(await read.ReadJsonAsync())["title"]);
        Assert.NotEqual(before.Headers.ETag, read.Headers.ETag);
        Assert.Equal(1, _graph.RequestCount);
    }

    private static string PlanPath => $"/api/plans/{DemoPlan2026}";

    private string ActivityItemId() => Assert.Single(_graph.Items("Activity plan")).Id;

    /// <summary>Someone changes the item in SharePoint (a PATCH of its fields, as the list's edit form sends).</summary>
    private async Task EditByHandAsync(string list, string itemId, JsonObject fields)
    {
        var graph = _app.Services.GetRequiredService<GraphCalls>();
        await graph.SendAsync(GraphCalls.WithJson(graph.Client.Sites[_graph.SiteId].Lists[_graph.ListId(list)]
            .Items[itemId].Fields.ToPatchRequestInformation(new()), fields), default);
    }
}
