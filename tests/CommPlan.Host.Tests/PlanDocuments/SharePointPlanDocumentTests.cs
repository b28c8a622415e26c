using System.Net;
using System.Text.Json.Nodes;
using CommPlan.Host.Tests.Infrastructure;
using CommPlan.Storage.SharePoint;
using CommPlan.Storage.SharePoint.Graph;
using CommPlan.Testing;
using CommPlan.Testing.Graph;
using Microsoft.Extensions.DependencyInjection;

namespace CommPlan.Host.Tests.PlanDocuments;

/// <summary>The scenarios on a freshly provisioned SharePoint site (the loopback Graph): the "Plan documents" library.</summary>
public sealed class SharePointPlanDocumentTests : PlanDocumentScenarios
{
    private const string Tenant = "11111111-2222-3333-4444-555555555555";
    private LoopbackGraphServer _graph = null!;
    private LoopbackTokenServer _tokens = null!;

    public override async Task InitializeAsync()
    {
        _graph = await LoopbackGraphServer.StartAsync();
        _tokens = await LoopbackTokenServer.StartAsync("commplan-app", "s3cret");
        _graph.TrustTokensFrom(_tokens);
        _graph.GrantSite(_tokens.ClientId);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _graph.DisposeAsync();
        await _tokens.DisposeAsync();
    }

    private Dictionary<string, string?> Settings(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SharePoint:SiteId"] = _graph.SiteId,
            ["SharePoint:GraphBaseUrl"] = _graph.GraphBaseUrl,
            ["SharePoint:Authority"] = _tokens.Authority(Tenant),
            ["SharePoint:TenantId"] = Tenant,
            ["SharePoint:ClientId"] = _tokens.ClientId,
            ["SharePoint:ClientSecret"] = _tokens.ClientSecret,
            ["SharePoint:Organisation"] = "Piteå kommun",
        };
        foreach (var (k, v) in more ?? []) settings[k] = v;
        return settings;
    }

    private void PinTokens(IServiceCollection services) =>
        services.AddHttpClient(GraphTokenProvider.HttpClientName).ConfigurePrimaryHttpMessageHandler(_tokens.CreatePinnedHandler);

    protected override async Task<AppFactory> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var app = new AppFactory(Settings(settings)) { ConfigureTestServices = PinTokens };
        await using var scope = app.Services.CreateAsyncScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<Provisioner>().ProvisionAsync(default)).Succeeded);
        return app;
    }

    protected override AppFactory StartAsStranger() => new(Settings(StrangerIdentity))
    {
        ConfigureTestServices = services =>
        {
            PinTokens(services);
            AsStranger(services);
        },
    };

    protected override void AssertOpensWhereTheStoreShowsIt(JsonNode document)
    {
        var web = (string)document["webUrl"]!;
        Assert.StartsWith(_graph.SiteWebUrl, web, StringComparison.Ordinal);
        Assert.EndsWith("/" + Uri.EscapeDataString((string)document["name"]!), web, StringComparison.Ordinal);
        Assert.Equal(web, (string)document["openUrl"]!);
    }

    [Fact]
    public async Task A_large_plan_document_goes_up_in_an_upload_session_and_is_a_file_in_the_plan_documents_library()
    {
        var planId = await PlanWithActivitiesAsync();
        var large = new byte[SharePointDocumentStore.SimpleUploadLimit + 500_000];
        new Random(3).NextBytes(large);
        _graph.ResetCounters();

        var response = await Client.PostAsync($"/api/plans/{planId}/documents", FileForm("Bilder.pdf", large, "application/pdf"));

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Contains(_graph.Requests, r => r.Method == "POST" && r.PathAndQuery.Contains("createUploadSession", StringComparison.Ordinal));
        Assert.Equal(0, _graph.OpenUploadSessions);
        var file = Assert.Single(_graph.Files("Plan documents"), f => f.Name == "Bilder.pdf");
        Assert.Equal(large, file.Content);
        Assert.Equal(planId, file.Fields["PlanId"]?.GetValue<string>());
        Assert.Equal("Anna Lindqvist", file.Fields["DocumentChangedBy"]?.GetValue<string>());
    }
}
