using CommPlan.Application.Access;
using CommPlan.Application.Storage;
using CommPlan.Storage.Sqlite;
using CommPlan.Storage.Sqlite.Documents;
using CommPlan.Storage.Sqlite.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CommPlan.Storage.Postgres;

public static class PostgresStorage
{
    /// <summary>
    /// Everything the SQLite file holds on the embedded default, in PostgreSQL instead, so that several instances
    /// share it: conversations, the outbox, the list cache, and plans and activities when SharePoint is not
    /// configured (the SharePoint adapter, registered after, replaces those). Documents stay in a local folder
    /// unless SharePoint holds them.
    /// </summary>
    public static IServiceCollection AddPostgresState(this IServiceCollection services, PostgresStateOptions state, string documentsFolder)
    {
        services.AddSingleton(state);
        services.AddDbContextPool<AppDbContext>(o => o.UseNpgsql(state.ConnectionString,
            npgsql => npgsql.MigrationsAssembly(typeof(PostgresStorage).Assembly.GetName().Name)));
        services.AddSingleton<IGroupMembership, NoGroupMembership>();
        services.AddSingleton<IGroupMembers, NoGroupMembers>();
        services.AddSingleton<IPeopleDirectory, NoPeopleDirectory>();
        services.AddScoped<IPlanStore, SqlitePlanStore>();
        services.AddSingleton<ActivityReadCache>();
        services.AddScoped<IActivityStore, SqliteActivityStore>();
        services.AddScoped<IActivityHistoryStore, SqliteActivityHistoryStore>();
        services.AddScoped<IConversationStore, PostgresConversationStore>();
        services.AddScoped<IOutboxStore, PostgresOutboxStore>();
        services.AddScoped<ISyncStateStore, PostgresSyncStateStore>();
        services.AddScoped<ICalendarFeedStore, SqlCalendarFeedStore>();
        services.AddScoped<IReminderStore, SqliteReminderStore>();
        services.AddScoped<IPressReleaseStore, SqlitePressReleaseStore>();
        services.AddScoped<IApprovalConversationStore, SqliteApprovalConversationStore>();
        services.AddSingleton(new LocalFolderDocumentStore(documentsFolder));
        services.AddSingleton<IDocumentStore>(sp => sp.GetRequiredService<LocalFolderDocumentStore>());
        services.AddHealthChecks().AddCheck<PostgresHealthCheck>("storage");
        return services;
    }

    /// <summary>
    /// Applies the migrations not yet applied, then runs <paramref name="afterMigration"/> (seeding), all under one
    /// database-wide lock: instances starting together neither migrate nor seed twice.
    /// </summary>
    public static async Task MigrateAsync(IServiceProvider services, Func<Task>? afterMigration, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await AdvisoryLock.WithLockAsync(db, "commplan:migrate", async () =>
        {
            await db.Database.MigrateAsync(ct);
            if (afterMigration is not null) await afterMigration();
            return true;
        }, ct);
    }
}

/// <summary>Whether PostgreSQL answers, has every migration, and serves a real read.</summary>
internal sealed class PostgresHealthCheck(AppDbContext db, LocalFolderDocumentStore documents) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(ct)) return HealthCheckResult.Unhealthy("PostgreSQL cannot be reached.");
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).Count();
            if (pending > 0) return HealthCheckResult.Unhealthy($"{pending} database migration(s) not applied.");
            await db.Outbox.AsNoTracking().AnyAsync(ct);
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL cannot be read: " + e.Message, e);
        }
        return documents.CanWrite()
            ? HealthCheckResult.Healthy("PostgreSQL and the documents folder answer.")
            : HealthCheckResult.Unhealthy($"The documents folder {documents.Root} cannot be written.");
    }
}

/// <summary>Lets `dotnet ef migrations add --project src/CommPlan.Storage.Postgres` build the context without the host.</summary>
internal sealed class DesignTimeFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AppDbContext>()
            .UseNpgsql("Host=localhost;Database=commplan_design", o => o.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name))
            .Options);
}
