using CommPlan.Host.Cli;
using CommPlan.Storage.SharePoint.Graph;
using CommPlan.Testing;
using CommPlan.Testing.Graph;
using Microsoft.Extensions.DependencyInjection;

namespace CommPlan.Host.Tests.Cli;

/// <summary>The host's `provision` verb, configured by settings alone, against a loopback Graph and token endpoint.</summary>
public sealed class ProvisionCommandTests : IAsyncLifetime
{
    private const string Tenant = "11111111-2222-3333-4444-555555555555";
    private LoopbackGraphServer _graph = null!;
    private LoopbackTokenServer _tokens = null!;
    private DirectoryInfo _folder = null!;

    public async Task InitializeAsync()
    {
        _graph = await LoopbackGraphServer.StartAsync();
        _tokens = await LoopbackTokenServer.StartAsync("commplan-app", "s3cret");
        _graph.TrustTokensFrom(_tokens);
        _graph.GrantSite(_tokens.ClientId);
        _folder = Directory.CreateTempSubdirectory("commplan-provision-");
    }

    public async Task DisposeAsync()
    {
        await _graph.DisposeAsync();
        await _tokens.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] settings)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        string[] args = [$"--Storage:DatabasePath={Path.Combine(_folder.FullName, "app.db")}", .. settings];
        var code = await ProvisionCommand.RunAsync(args, output, error,
            services => services.AddHttpClient(GraphTokenProvider.HttpClientName).ConfigurePrimaryHttpMessageHandler(_tokens.CreatePinnedHandler));
        return (code, output.ToString(), error.ToString());
    }

    private string[] SharePointSettings =>
    [
        $"--SharePoint:SiteUrl=https://{_graph.SiteHostname}{_graph.SitePath}",
        $"--SharePoint:GraphBaseUrl={_graph.GraphBaseUrl}",
        $"--SharePoint:Authority={_tokens.Authority(Tenant)}",
        $"--SharePoint:TenantId={Tenant}",
        $"--SharePoint:ClientId={_tokens.ClientId}",
        $"--SharePoint:ClientSecret={_tokens.ClientSecret}",
        "--SharePoint:Organisation=Piteå kommun",
    ];

    [Fact]
    public async Task Provision_creates_the_site_layout_and_says_so_then_finds_nothing_to_do()
    {
        var first = await RunAsync(SharePointSettings);
        var second = await RunAsync(SharePointSettings);

        Assert.Equal(0, first.Code);
        Assert.Contains("Created list 'Activity plan'", first.Output);
        Assert.Contains("Created library 'Press releases' with 3 columns (version history: SharePoint's default, on", first.Output);
        Assert.Equal(0, second.Code);
        Assert.Contains("nothing changed", second.Output);
        Assert.Contains("Activity plan", _graph.ListNames());
    }

    [Fact]
    public async Task Provision_without_a_SharePoint_site_fails_with_a_clear_message()
    {
        var result = await RunAsync();

        Assert.Equal(2, result.Code);
        Assert.Contains("SharePoint:SiteId or SharePoint:SiteUrl", result.Error);
    }

    [Fact]
    public async Task Provision_with_a_wrong_secret_fails_with_the_token_endpoints_reason()
    {
        var result = await RunAsync([.. SharePointSettings, "--SharePoint:ClientSecret=wrong"]);

        Assert.Equal(1, result.Code);
        Assert.Contains("refused the app's credentials", result.Error);
    }
}
