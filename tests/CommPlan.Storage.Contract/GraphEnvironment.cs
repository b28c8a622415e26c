using CommPlan.Application.Storage;
using CommPlan.Storage.SharePoint;
using CommPlan.Storage.SharePoint.Graph;
using CommPlan.Storage.Sqlite;
using CommPlan.Testing;
using CommPlan.Testing.Graph;
using Microsoft.Extensions.DependencyInjection;

namespace CommPlan.Storage.Contract;

/// <summary>
/// The SharePoint adapter wired as the host wires it, against a loopback Graph and a loopback token endpoint: the
/// app database (SQLite, for the lists' cache) in a fresh folder, tokens only from the token server.
/// </summary>
public sealed class GraphEnvironment : IAsyncDisposable
{
    public const string Tenant = "11111111-2222-3333-4444-555555555555";
    private readonly DirectoryInfo _folder;
    private readonly List<ServiceProvider> _providers = [];
    private readonly HashSet<EmbeddedStorageOptions> _databases = [];

    private GraphEnvironment(LoopbackGraphServer graph, LoopbackTokenServer tokens, DirectoryInfo folder)
    {
        Graph = graph;
        Tokens = tokens;
        _folder = folder;
    }

    public LoopbackGraphServer Graph { get; }
    public LoopbackTokenServer Tokens { get; }

    /// <param name="graphTime">The loopback Graph's clock (what its <see cref="LoopbackGraphServer.Delay"/> waits on).</param>
    public static async Task<GraphEnvironment> StartAsync(TimeProvider? graphTime = null)
    {
        var graph = await LoopbackGraphServer.StartAsync(graphTime);
        var tokens = await LoopbackTokenServer.StartAsync("commplan-app", "s3cret");
        // The site by a Sites.Selected grant, group memberships by the directory permission the README names.
        tokens.AppRoles = ["Sites.Selected", "GroupMember.Read.All"];
        graph.TrustTokensFrom(tokens);
        graph.GrantSite(tokens.ClientId);
        return new GraphEnvironment(graph, tokens, Directory.CreateTempSubdirectory("commplan-graph-"));
    }

    public SharePointOptions Options => new()
    {
        SiteId = Graph.SiteId,
        GraphBaseUrl = Graph.GraphBaseUrl,
        Authority = Tokens.Authority(Tenant),
        TenantId = Tenant,
        ClientId = Tokens.ClientId,
        ClientSecret = Tokens.ClientSecret,
        Organisation = "Nykopings kommun",
        MaxRetries = 6,
    };

    /// <summary>An app instance: its own services (and database, unless <paramref name="database"/> names one to share).</summary>
    public Task<IServiceProvider> CreateAppAsync(SharePointOptions? options = null, string database = "app.db") =>
        CreateAppAsync(options, database, null);

    /// <summary>An app instance whose Graph requests pass through <paramref name="handler"/>.</summary>
    public Task<IServiceProvider> CreateAppWithTransportAsync(HttpMessageHandler handler) => CreateAppAsync(null, "app.db", handler);

    private async Task<IServiceProvider> CreateAppAsync(SharePointOptions? options, string database, HttpMessageHandler? handler)
    {
        var storage = new EmbeddedStorageOptions(Path.Combine(_folder.FullName, database), Path.Combine(_folder.FullName, "documents"));
        _databases.Add(storage);
        var services = new ServiceCollection();
        if (handler is not null) services.AddSingleton(new GraphTransport(() => handler));
        services
            .AddLogging()
            .AddEmbeddedStorage(storage)
            .AddSharePointStorage(options ?? Options);
        services.AddHttpClient(GraphTokenProvider.HttpClientName).ConfigurePrimaryHttpMessageHandler(Tokens.CreatePinnedHandler);
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        await SqliteStorage.MigrateAsync(provider, default);
        return provider;
    }

    public static async Task<ProvisioningReport> ProvisionAsync(IServiceProvider app)
    {
        await using var scope = app.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Provisioner>().ProvisionAsync(default);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers) await provider.DisposeAsync();
        foreach (var storage in _databases) SqliteStorageTests.ClearPool(storage);
        await Graph.DisposeAsync();
        await Tokens.DisposeAsync();
        _folder.Delete(recursive: true);
    }
}

/// <summary>The same contract as SQLite, on the SharePoint adapter against the loopback Graph, provisioned first.</summary>
public sealed class GraphStorageTests : StorageContract
{
    protected override async Task<StoresUnderTest> CreateStoresAsync()
    {
        var environment = await GraphEnvironment.StartAsync();
        var app = await environment.CreateAppAsync();
        var report = await GraphEnvironment.ProvisionAsync(app);
        Assert.True(report.Succeeded, string.Join("; ", report.Failures));
        var scope = app.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        return new StoresUnderTest(sp.GetRequiredService<IPlanStore>(), sp.GetRequiredService<IActivityStore>(), sp.GetRequiredService<IDocumentStore>(),
            new Cleanup(async () =>
            {
                await scope.DisposeAsync();
                await environment.DisposeAsync();
            }));
    }

    private sealed class Cleanup(Func<Task> dispose) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await dispose();
    }
}
