using CommPlan.Application.Access;
using CommPlan.Application.Storage;
using CommPlan.Storage.Sqlite.Documents;
using CommPlan.Storage.Sqlite.Model;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CommPlan.Storage.Sqlite;

/// <summary>Where the embedded default keeps things.</summary>
public sealed record EmbeddedStorageOptions(string DatabasePath, string DocumentsFolder)
{
    /// <summary>Never creates the file: one that disappears while the app runs must not come back empty (see <see cref="DatabaseGuard"/>).</summary>
    public string ConnectionString => $"Data Source={DatabasePath};Mode=ReadWrite;Foreign Keys=True;Pooling=True";
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
        var guard = new DatabaseGuard(options);
        services.AddSingleton(guard);
        // Pooled: a context (and its options) made once and reset after each scope, not built anew for every query a
        // turn or a send makes.
        services.AddDbContextPool<AppDbContext>(o => o.UseSqlite(options.ConnectionString).AddInterceptors(new DatabaseGuardInterceptor(guard), new SqlitePragmas()));
        // No directory on the embedded default; the SharePoint adapter brings Microsoft Graph's.
        services.AddSingleton<IGroupMembership, NoGroupMembership>();
        services.AddSingleton<IGroupMembers, NoGroupMembers>();
        services.AddSingleton<IPeopleDirectory, NoPeopleDirectory>();
        services.AddScoped<IPlanStore, SqlitePlanStore>();
        services.AddSingleton<ActivityReadCache>();
        services.AddScoped<IActivityStore, SqliteActivityStore>();
        services.AddScoped<IActivityHistoryStore, SqliteActivityHistoryStore>();
        // One instance owns the file, so the records it reads can be kept in memory (see ConversationRecordCache).
        services.AddSingleton<ConversationRecordCache>();
        services.AddScoped<SqliteConversationStore>();
        services.AddScoped<IConversationStore, CachedConversationStore>();
        services.AddScoped<IOutboxStore, SqliteOutboxStore>();
        services.AddScoped<ISyncStateStore, SqliteSyncStateStore>();
        services.AddScoped<ICalendarFeedStore, SqlCalendarFeedStore>();
        services.AddScoped<IReminderStore, SqliteReminderStore>();
        services.AddScoped<IPressReleaseStore, SqlitePressReleaseStore>();
        services.AddScoped<IApprovalConversationStore, SqliteApprovalConversationStore>();
        services.AddSingleton(new LocalFolderDocumentStore(options.DocumentsFolder));
        services.AddSingleton<IDocumentStore>(sp => sp.GetRequiredService<LocalFolderDocumentStore>());
        services.AddHealthChecks().AddCheck<EmbeddedStorageHealthCheck>("storage");
        return services;
    }

    /// <summary>
    /// Creates the database file if needed and applies every migration not yet applied. An existing file is read
    /// through first: a damaged one stops the start with <see cref="DatabaseUnusableException"/>, which names the
    /// file and says to restore it, before anything is written over it.
    /// </summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct)
    {
        var options = services.GetRequiredService<EmbeddedStorageOptions>();
        var guard = services.GetRequiredService<DatabaseGuard>();
        var folder = Path.GetDirectoryName(Path.GetFullPath(options.DatabasePath));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        Directory.CreateDirectory(options.DocumentsFolder);
        if (File.Exists(options.DatabasePath))
        {
            if (await guard.CheckAsync(ct) is { } damaged) throw damaged;
        }
        else
        {
            // The app's connections never create the file (it must not come back empty after a deletion): the start does.
            var create = new SqliteConnectionStringBuilder(options.ConnectionString) { Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
            await using var connection = new SqliteConnection(create.ToString());
            await connection.OpenAsync(ct);
        }
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync(ct);
        // WAL lets the tab read while a writer writes.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }
}

/// <summary>
/// Whether the database can be used: a real read of the file on a connection of its own (pooled connections can
/// hide damage behind pages they cached), then the migrations; and whether the documents folder can be written.
/// A read that succeeds again clears damage seen earlier (the file was restored).
/// </summary>
internal sealed class EmbeddedStorageHealthCheck(AppDbContext db, LocalFolderDocumentStore documents, DatabaseGuard guard) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (await guard.CheckAsync(ct) is { } unusable)
        {
            if (File.Exists(guard.DatabasePath)) guard.MarkDamaged(unusable);
            return HealthCheckResult.Unhealthy(unusable.Message);
        }
        guard.MarkSound();
        try
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).Count();
            if (!await db.Database.CanConnectAsync(ct)) return HealthCheckResult.Unhealthy("The SQLite database cannot be opened.");
            if (pending > 0) return HealthCheckResult.Unhealthy($"{pending} database migration(s) not applied.");
            await db.Plans.AsNoTracking().AnyAsync(ct);
        }
        catch (DatabaseUnusableException e)
        {
            return HealthCheckResult.Unhealthy(e.Message);
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
