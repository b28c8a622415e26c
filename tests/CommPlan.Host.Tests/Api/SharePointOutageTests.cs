using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CommPlan.Application.Demo;
using CommPlan.Application.Storage;
using CommPlan.Host.Tests.Infrastructure;
using CommPlan.Storage.SharePoint;
using CommPlan.Storage.SharePoint.Graph;
using CommPlan.Testing;
using CommPlan.Testing.Graph;
using Microsoft.Extensions.DependencyInjection;

namespace CommPlan.Host.Tests.Api;

/// <summary>
/// Graph or its token authority out of service, with a SharePoint site configured: people get a 503 in their
/// language (a page for the start page), and /health gives administrators the reason.
/// </summary>
public sealed class SharePointOutageTests : IAsyncLifetime
{
    private const string Tenant = "11111111-2222-3333-4444-555555555555";
    private LoopbackGraphServer _graph = null!;
    private LoopbackTokenServer _tokens = null!;
    private bool _graphStopped, _tokensStopped;
    private readonly List<AppFactory> _apps = [];

    public async Task InitializeAsync()
    {
        _graph = await LoopbackGraphServer.StartAsync();
        _tokens = await LoopbackTokenServer.StartAsync("commplan-app", "s3cret");
        _graph.TrustTokensFrom(_tokens);
        _graph.GrantSite(_tokens.ClientId);
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps) await app.DisposeAsync();
        if (!_graphStopped) await _graph.DisposeAsync();
        if (!_tokensStopped) await _tokens.DisposeAsync();
    }

    private AppFactory App(string secret = "s3cret")
    {
        var app = new AppFactory(new Dictionary<string, string?>
        {
            ["SharePoint:SiteId"] = _graph.SiteId,
            ["SharePoint:GraphBaseUrl"] = _graph.GraphBaseUrl,
            ["SharePoint:Authority"] = _tokens.Authority(Tenant),
            ["SharePoint:TenantId"] = Tenant,
            ["SharePoint:ClientId"] = _tokens.ClientId,
            ["SharePoint:ClientSecret"] = secret,
            ["SharePoint:Organisation"] = "Piteå kommun",
        })
        {
            ConfigureTestServices = services =>
                services.AddHttpClient(GraphTokenProvider.HttpClientName).ConfigurePrimaryHttpMessageHandler(_tokens.CreatePinnedHandler),
        };
        _apps.Add(app);
        return app;
    }

    private static async Task<AppFactory> WithCurrentPlanAsync(AppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<Provisioner>().ProvisionAsync(default)).Succeeded);
        await scope.ServiceProvider.GetRequiredService<IPlanStore>().SaveAsync(DemoPlan.BuildPlan(2026), default);
        return app;
    }

    [Fact]
    public async Task With_the_token_authority_unreachable_the_api_answers_a_localised_503_and_health_says_why()
    {
        var app = App();
        var client = app.CreateClient();
        _tokensStopped = true;
        await _tokens.DisposeAsync(); // nothing listens at the authority any more

        var swedish = await GetAsync(client, "/api/plans/current", "sv");
        var norwegian = await GetAsync(client, "/api/plans/current", "nb");
        var check = await SharePointCheckAsync(client);

        await AssertUnavailableProblemAsync(swedish, "Planen går inte att nå just nu.");
        await AssertUnavailableProblemAsync(norwegian, "Planen kan ikke nås akkurat nå.");
        Assert.Equal("Unhealthy", (string?)check["status"]);
        Assert.Contains(_tokens.BaseUrl, (string?)check["description"]);
    }

    [Fact]
    public async Task With_Graph_refusing_connections_the_api_and_the_start_page_answer_503_and_health_says_why()
    {
        var app = await WithCurrentPlanAsync(App());
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/api/plans/current", "en")).StatusCode);
        var graphBaseUrl = _graph.GraphBaseUrl;
        _graphStopped = true;
        await _graph.DisposeAsync(); // connection refused from now on

        var api = await GetAsync(client, "/api/plans/current", "en");
        var page = await GetAsync(client, "/", "sv", "text/html,application/xhtml+xml,*/*;q=0.8");
        var check = await SharePointCheckAsync(client);

        await AssertUnavailableProblemAsync(api, "The plan cannot be reached right now.");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.NotNull(page.Headers.RetryAfter?.Delta);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"sv\">", html);
        Assert.Contains("Planen går inte att nå just nu.", html);
        Assert.Contains("<a href=\"/accessibility\">Tillgänglighetsredogörelse</a>", html);
        Assert.Equal("Unhealthy", (string?)check["status"]);
        Assert.Contains(new Uri(graphBaseUrl).GetLeftPart(UriPartial.Authority), (string?)check["description"]);
    }

    [Fact]
    public async Task A_refused_credential_is_a_503_for_users_the_reason_for_administrators_and_not_asked_again_on_every_call()
    {
        var app = App(secret: "an-expired-secret");
        var client = app.CreateClient();

        var first = await GetAsync(client, "/api/plans/current", "en");
        var second = await GetAsync(client, "/api/plans", "sv");
        var check = await SharePointCheckAsync(client);
        var asked = _tokens.TokenRequests;
        app.Clock.Advance(GraphTokenProvider.RefusalMemory);
        var later = await GetAsync(client, "/api/plans", "en");

        await AssertUnavailableProblemAsync(first, "The plan cannot be reached right now.");
        await AssertUnavailableProblemAsync(second, "Planen går inte att nå just nu.");
        Assert.DoesNotContain("AADSTS", await first.Content.ReadAsStringAsync());
        Assert.Equal(1, asked);
        Assert.Equal("Unhealthy", (string?)check["status"]);
        Assert.StartsWith("SharePoint credential refused: AADSTS7000215", (string?)check["description"]);
        Assert.Contains("SharePoint:ClientSecret", (string?)check["description"]);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, later.StatusCode);
        Assert.Equal(2, _tokens.TokenRequests);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string language, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptLanguage.ParseAdd(language);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        return await client.SendAsync(request);
    }

    private static async Task AssertUnavailableProblemAsync(HttpResponseMessage response, string title)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a 503 says when to come back");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Equal(503, (int?)problem["status"]);
        Assert.Equal(title, (string?)problem["title"]);
    }

    private static async Task<JsonNode> SharePointCheckAsync(HttpClient client)
    {
        var health = await (await client.GetAsync("/health")).ReadJsonAsync();
        return health["checks"]!.AsArray().Single(c => (string?)c!["name"] == "sharepoint")!;
    }
}
