using CommPlan.Application.Access;
using CommPlan.Application.Storage;
using CommPlan.Storage.Sqlite.Documents;
using CommPlan.Storage.Sqlite.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CommPlan.Storage.Sqlite;

/// <summary>Where the embedded default keeps things.</summary>
public sealed record EmbeddedStorageOptions(string DatabasePath, string DocumentsFolder)
{
    public string ConnectionString => $"Data Source={DatabasePath};Foreign Keys=True;Pooling=True";
}

public static class SqliteStorage
{
    /// <summary>
    /// Registers the SQLite plan and activity stores, the local-folder document store and their health check, and the
    /// conversation, outbox and list-cache stores (which stay in the app's database whatever the plan store is).
    /// </summary>
    public static IServiceCollection AddEmbeddedStorage(this IServiceCollection services, EmbeddedStorageOptions options)
    {
        services.AddSingleton(options);
        services.AddDbContext<AppDbContext>(o => o.UseSqlite(options.ConnectionString).AddInterceptors(new SqlitePragmas()));
        // No directory on the embedded default; the SharePoint adapter brings Microsoft Graph's.
        services.AddSingleton<IGroupMembership, NoGroupMembership>();
        services.AddScoped<IPlanStore, SqlitePlanStore>();
        services.AddScoped<IActivityStore, SqliteActivityStore>();
        services.AddScoped<IConversationStore, SqliteConversationStore>();
        services.AddScoped<IOutboxStore, SqliteOutboxStore>();
        services.AddScoped<ISyncStateStore, SqliteSyncStateStore>();
        services.AddSingleton(new LocalFolderDocumentStore(options.DocumentsFolder));
        services.AddSingleton<IDocumentStore>(sp => sp.GetRequiredService<LocalFolderDocumentStore>());
        services.AddHealthChecks().AddCheck<EmbeddedStorageHealthCheck>("storage");
        return services;
    }

    /// <summary>Creates the database file if needed and applies every migration not yet applied.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct)
    {
        var options = services.GetRequiredService<EmbeddedStorageOptions>();
        var folder = Path.GetDirectoryName(Path.GetFullPath(options.DatabasePath));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        Directory.CreateDirectory(options.DocumentsFolder);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync(ct);
        // WAL lets the tab read while a writer writes.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }
}

internal sealed class EmbeddedStorageHealthCheck(AppDbContext db, LocalFolderDocumentStore documents) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).Count();
            if (!await db.Database.CanConnectAsync(ct)) return HealthCheckResult.Unhealthy("The SQLite database cannot be opened.");
            if (pending > 0) return HealthCheckResult.Unhealthy($"{pending} database migration(s) not applied.");
            await db.Plans.AsNoTracking().AnyAsync(ct);
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("The SQLite database cannot be read.", e);
        }
        return documents.CanWrite()
            ? HealthCheckResult.Healthy("SQLite and the documents folder answer.")
            : HealthCheckResult.Unhealthy($"The documents folder {documents.Root} cannot be written.");
    }
}
