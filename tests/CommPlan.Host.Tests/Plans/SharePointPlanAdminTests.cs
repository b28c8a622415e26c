using CommPlan.Host.Tests.Infrastructure;
using CommPlan.Storage.SharePoint;
using CommPlan.Storage.SharePoint.Graph;
using CommPlan.Testing;
using CommPlan.Testing.Graph;
using Microsoft.Extensions.DependencyInjection;

namespace CommPlan.Host.Tests.Plans;

/// <summary>
/// The scenarios on a freshly provisioned SharePoint site (the loopback Graph): nothing on the site but the empty
/// lists, and everything put there through the API.
/// </summary>
public sealed class SharePointPlanAdminTests : PlanAdminScenarios
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

    protected override async Task<AppFactory> StartAsync()
    {
        var app = new AppFactory(Settings()) { ConfigureTestServices = PinTokens };
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

    protected override AppFactory StartAsOutsider() => new(Settings())
    {
        ConfigureTestServices = services =>
        {
            PinTokens(services);
            AsOutsider(services);
        },
    };

    protected override void ResetRequestLog() => _graph.ResetCounters();

    /// <summary>Every new item went to SharePoint as a step of a $batch request, none on its own.</summary>
    protected override void AssertWrittenInBatches(int rows)
    {
        var creates = _graph.Requests.Where(r => r.Method == "POST" && r.PathAndQuery.Split('?')[0].EndsWith("/items", StringComparison.Ordinal)).ToArray();
        Assert.Equal(rows, creates.Length);
        Assert.All(creates, r => Assert.True(r.IsBatchStep, r.PathAndQuery));
        Assert.Contains(_graph.Requests, r => r.Method == "POST" && r.PathAndQuery.EndsWith("/$batch", StringComparison.Ordinal));
        Assert.Equal(rows, _graph.Items("Activity plan").Count);
    }
}
