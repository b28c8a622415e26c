using System.Net;
using CommPlan.Application.Demo;
using CommPlan.Application.Storage;
using CommPlan.Host.Tests.Infrastructure;
using CommPlan.Storage.SharePoint;
using CommPlan.Storage.SharePoint.Graph;
using CommPlan.Testing;
using CommPlan.Testing.Graph;
using Microsoft.Extensions.DependencyInjection;
using static CommPlan.Host.Tests.Bot.BotActivities;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;

namespace CommPlan.Host.Tests.Api;

/// <summary>The host with a SharePoint site configured: the API reads and writes the site's lists.</summary>
public sealed class SharePointApiTests : IAsyncLifetime
{
    private const string Tenant = "11111111-2222-3333-4444-555555555555";
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
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _graph.DisposeAsync();
        await _tokens.DisposeAsync();
    }

    [Fact]
    public async Task The_organisations_site_gets_no_demo_plan_and_activities_written_through_the_api_land_in_its_list()
    {
        Assert.Empty((await (await _client.GetAsync("/api/plans")).ReadJsonAsync()).AsArray());
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            Assert.IsType<SharePointActivityStore>(scope.ServiceProvider.GetRequiredService<IActivityStore>());
            await scope.ServiceProvider.GetRequiredService<IPlanStore>().SaveAsync(DemoPlan.BuildPlan(2026), default);
        }

        var created = await _client.PostAsync(Activities, Json(NewActivity()));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var change = NewActivity();
        change["status"] = "inProgress";
        var location = created.Headers.Location!.OriginalString;
        var updated = await _client.SendAsync(HttpMethod.Put, location, Json(change), created.Headers.ETag!.Tag);
        var stale = await _client.SendAsync(HttpMethod.Put, location, Json(change), created.Headers.ETag!.Tag);

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var item = Assert.Single(_graph.Items("Activity plan"));
        Assert.Equal("Pressträff om sommarjobb", (string?)item.Fields["Title"]);
        Assert.Equal("InProgress", (string?)item.Fields["Status"]);
        Assert.Single(await _client.ListAsync());
        Assert.All(_graph.Requests, r => Assert.StartsWith("NONISV|Pitea-kommun|CommPlan/", r.UserAgent));
    }

    [Fact]
    public async Task Health_names_the_site_and_costs_no_graph_request_once_the_lists_are_known()
    {
        await _client.GetAsync("/health");
        _graph.ResetCounters();

        var response = await _client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var check = (await response.ReadJsonAsync())["checks"]!.AsArray().Single(c => (string?)c!["name"] == "sharepoint")!;
        Assert.Equal("Healthy", (string?)check["status"]);
        Assert.Contains(_graph.SiteId, (string?)check["description"]);
        Assert.Equal(0, _graph.RequestCount);
    }

    [Fact]
    public async Task A_read_while_SharePoint_asks_to_wait_two_minutes_is_503_with_Retry_After_and_the_next_sends_nothing()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/plans")).StatusCode);
        _graph.ThrottleNext(1, TimeSpan.FromSeconds(120));
        _graph.ResetCounters();

        var busy = await _client.GetAsync("/api/plans");
        using var swedish = new HttpRequestMessage(HttpMethod.Get, "/api/plans");
        swedish.Headers.AcceptLanguage.ParseAdd("sv");
        var again = await _client.SendAsync(swedish);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(120), busy.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", busy.Content.Headers.ContentType?.MediaType);
        var problem = await busy.ReadJsonAsync();
        Assert.Equal(503, (int?)problem["status"]);
        Assert.Equal("SharePoint asks the app to wait 120 seconds. Nothing was changed: try again then.", (string?)problem["detail"]);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, again.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(120), again.Headers.RetryAfter?.Delta);
        Assert.Contains("SharePoint ber appen vänta 120 sekunder", (string?)(await again.ReadJsonAsync())["detail"]);
        Assert.Equal(1, _graph.RequestCount);
    }

    [Fact]
    public async Task A_bot_command_while_SharePoint_asks_to_wait_answers_how_long_instead_of_failing_the_turn()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/plans")).StatusCode);
        _graph.ThrottleNext(1, TimeSpan.FromSeconds(120));

        var response = await _client.PostActivityAsync(Message("plan", "en-GB"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var shown = string.Join("\n", (await response.RepliesAsync()).Select(r => TextOf(CardOf(r))));
        Assert.Contains("SharePoint asks me to wait 120 seconds. Nothing was changed", shown);
    }

    [Fact]
    public async Task A_card_button_while_SharePoint_asks_to_wait_shows_how_long_on_the_card()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/plans")).StatusCode);
        _graph.ThrottleNext(1, TimeSpan.FromSeconds(120));

        var response = await _client.PostActivityAsync(Invoke("plan.status", new { unit = "*" }, "nb-NO"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("SharePoint ber meg vente 120 sekunder", TextOf((await response.ReadJsonAsync())["value"]!));
    }
}
