using CommPlan.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using CommPlan.Application.Storage;
using Microsoft.EntityFrameworkCore;

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

/// <summary>The settings each SQLite connection of the app carries, whether it is new or reused from the pool.</summary>
public sealed class SqliteConnectionSettingsTests
{
    [Fact]
    public async Task Every_connection_waits_for_the_write_lock_and_syncs_at_checkpoints_also_when_reused_from_the_pool()
    {
        var (scope, owner) = await SqliteStorageTests.CreateScopeAsync();
        await using (owner)
        {
            var scopes = scope.ServiceProvider.GetRequiredService<IServiceScopeFactory>();
            for (var i = 0; i < 3; i++)
            {
                await using var inner = scopes.CreateAsyncScope();
                var db = inner.ServiceProvider.GetRequiredService<CommPlan.Storage.Sqlite.Model.AppDbContext>();
                await db.Database.OpenConnectionAsync();
                try
                {
                    Assert.Equal(30000L, await ScalarAsync(db, "PRAGMA busy_timeout"));
                    Assert.Equal(1L, await ScalarAsync(db, "PRAGMA synchronous")); // NORMAL
                    Assert.Equal("wal", await ScalarAsync(db, "PRAGMA journal_mode"));
                }
                finally
                {
                    await db.Database.CloseConnectionAsync();
                }
            }
        }
    }

    private static async Task<object?> ScalarAsync(DbContext db, string sql)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
