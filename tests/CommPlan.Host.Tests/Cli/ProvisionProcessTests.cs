using CommPlan.Host.Tests.Hosting;
using CommPlan.Testing;
using CommPlan.Testing.Graph;

namespace CommPlan.Host.Tests.Cli;

/// <summary>
/// `dotnet CommPlan.Host.dll provision` as an operator runs it: settings in environment variables, the token endpoint
/// over HTTPS trusted through SSL_CERT_FILE, a loopback Graph; the exit code and the printed lines are the answer.
/// </summary>
public sealed class ProvisionProcessTests : IAsyncLifetime
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
        _folder = Directory.CreateTempSubdirectory("commplan-provision-process-");
    }

    public async Task DisposeAsync()
    {
        await _graph.DisposeAsync();
        await _tokens.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    private Dictionary<string, string?> Environment(string secret = "s3cret") => new()
    {
        ["SharePoint__SiteUrl"] = $"https://{_graph.SiteHostname}{_graph.SitePath}",
        ["SharePoint__GraphBaseUrl"] = _graph.GraphBaseUrl,
        ["SharePoint__Authority"] = _tokens.Authority(Tenant),
        ["SharePoint__TenantId"] = Tenant,
        ["SharePoint__ClientId"] = _tokens.ClientId,
        ["SharePoint__ClientSecret"] = secret,
        ["SharePoint__Organisation"] = "Piteå kommun",
        ["SSL_CERT_FILE"] = _tokens.WriteTrustFile(_folder.FullName),
    };

    private static async Task<(int Code, string Output, string Error)> RunAsync(Dictionary<string, string?> environment)
    {
        await using var process = HostProcess.Start(environment, "provision");
        var code = await process.WaitForExitAsync("provision should have finished");
        return (code, process.Output, process.Error);
    }

    [Fact]
    public async Task Provision_run_as_the_host_creates_the_lists_and_libraries_then_a_second_run_changes_nothing()
    {
        var first = await RunAsync(Environment());

        Assert.True(first.Code == 0, $"exit {first.Code}\nstdout:\n{first.Output}\nstderr:\n{first.Error}");
        Assert.Contains($"Provisioning SharePoint site https://{_graph.SiteHostname}{_graph.SitePath} through {_graph.GraphBaseUrl} ...", first.Output);
        Assert.Contains("  Created list 'Communication plans'", first.Output);
        Assert.Contains("  Created list 'Activity plan'", first.Output);
        Assert.Contains("  Created library 'Plan documents'", first.Output);
        Assert.Contains("  Created library 'Press releases' with 3 columns", first.Output);
        Assert.Matches(@"Done: \d+ change\(s\)\.", first.Output);
        Assert.Equal("", first.Error.Trim());
        var lists = _graph.ListNames();
        foreach (var name in (string[])["Communication plans", "Activity plan", "Plan documents", "Press releases"]) Assert.Contains(name, lists);

        var second = await RunAsync(Environment());

        Assert.True(second.Code == 0, $"exit {second.Code}\nstdout:\n{second.Output}\nstderr:\n{second.Error}");
        Assert.Contains("The site is up to date; nothing changed.", second.Output);
        Assert.DoesNotContain("Created", second.Output);
        Assert.Equal(lists.Count, _graph.ListNames().Count);
    }

    [Fact]
    public async Task Provision_where_Graph_does_not_list_hidden_columns_says_they_are_there_instead_of_adding_them_again()
    {
        _graph.ListsHiddenColumns = false; // as some tenants' Graph answers GET .../columns
        Assert.Equal(0, (await RunAsync(Environment())).Code);
        var columns = _graph.Columns("Activity plan").Count;

        var again = await RunAsync(Environment());

        Assert.True(again.Code == 0, $"exit {again.Code}\nstdout:\n{again.Output}\nstderr:\n{again.Error}");
        Assert.Contains("  Column 'CommPlanData' of 'Activity plan' is there already (a hidden column, which Graph did not list)", again.Output);
        Assert.Contains("  Column 'PlanRoles' of 'Communication plans' is there already", again.Output);
        Assert.DoesNotContain("Added column", again.Output);
        Assert.Contains("The site is up to date; nothing changed.", again.Output);
        Assert.Equal("", again.Error.Trim());
        Assert.Equal(columns, _graph.Columns("Activity plan").Count);
    }

    [Fact]
    public async Task Provision_run_as_the_host_with_a_refused_secret_exits_1_with_the_AADSTS_reason()
    {
        var result = await RunAsync(Environment(secret: "wrong"));

        Assert.True(result.Code == 1, $"exit {result.Code}\nstdout:\n{result.Output}\nstderr:\n{result.Error}");
        Assert.Contains("Provisioning failed: ", result.Error);
        Assert.Contains("refused the app's credentials", result.Error);
        Assert.Contains("AADSTS7000215: Invalid client secret provided", result.Error);
        Assert.DoesNotContain("Activity plan", _graph.ListNames());
    }
}
