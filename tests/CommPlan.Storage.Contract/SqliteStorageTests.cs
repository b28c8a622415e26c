using CommPlan.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using CommPlan.Application.Storage;

namespace CommPlan.Storage.Contract;

/// <summary>The contract on the embedded default: a real SQLite file and a real folder, fresh for each test.</summary>
public sealed class SqliteStorageTests : StorageContract
{
    protected override async Task<StoresUnderTest> CreateStoresAsync()
    {
        var folder = Directory.CreateTempSubdirectory("commplan-contract-");
        var storage = new EmbeddedStorageOptions(Path.Combine(folder.FullName, "app.db"), Path.Combine(folder.FullName, "documents"));
        var services = new ServiceCollection()
            .AddLogging()
            .AddEmbeddedStorage(storage)
            .BuildServiceProvider();
        await SqliteStorage.MigrateAsync(services, default);
        var scope = services.CreateAsyncScope();
        var owner = new Cleanup(async () =>
        {
            await scope.DisposeAsync();
            await services.DisposeAsync();
            ClearPool(storage);
            folder.Delete(recursive: true);
        });
        var sp = scope.ServiceProvider;
        return new StoresUnderTest(sp.GetRequiredService<IPlanStore>(), sp.GetRequiredService<IActivityStore>(), sp.GetRequiredService<IDocumentStore>(), owner);
    }

    internal static async Task<(AsyncServiceScope Scope, IAsyncDisposable Owner)> CreateScopeAsync()
    {
        var folder = Directory.CreateTempSubdirectory("commplan-contract-");
        var storage = new EmbeddedStorageOptions(Path.Combine(folder.FullName, "app.db"), Path.Combine(folder.FullName, "documents"));
        var services = new ServiceCollection()
            .AddLogging()
            .AddEmbeddedStorage(storage)
            .BuildServiceProvider();
        await SqliteStorage.MigrateAsync(services, default);
        var scope = services.CreateAsyncScope();
        return (scope, new Cleanup(async () =>
        {
            await scope.DisposeAsync();
            await services.DisposeAsync();
            ClearPool(storage);
            folder.Delete(recursive: true);
        }));
    }

    /// <summary>Closes one database's pooled connections, leaving the pools of tests running alongside alone.</summary>
    internal static void ClearPool(EmbeddedStorageOptions storage)
    {
        using var connection = new SqliteConnection(storage.ConnectionString);
        SqliteConnection.ClearPool(connection);
    }

    private sealed class Cleanup(Func<Task> dispose) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await dispose();
    }
}

/// <summary>The outbound contract on SQLite, the only place these stores live (the app's own database).</summary>
public sealed class SqliteOutboundTests : OutboundContract
{
    protected override async Task<OutboundStoresUnderTest> CreateStoresAsync()
    {
        var (scope, owner) = await SqliteStorageTests.CreateScopeAsync();
        var sp = scope.ServiceProvider;
        var scopes = sp.GetRequiredService<IServiceScopeFactory>();
        return new OutboundStoresUnderTest(sp.GetRequiredService<IConversationStore>(), sp.GetRequiredService<IOutboxStore>(), owner,
            () => scopes.CreateScope().ServiceProvider.GetRequiredService<IConversationStore>());
    }
}
