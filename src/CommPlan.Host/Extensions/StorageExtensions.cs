using CommPlan.Application.Demo;
using CommPlan.Host.Features.SharedState;
using CommPlan.Host.Settings;
using CommPlan.Storage.Postgres;
using CommPlan.Storage.SharePoint;
using CommPlan.Storage.Sqlite;

namespace CommPlan.Host.Extensions;

public static class StorageExtensions
{
    /// <summary>
    /// The stores: SQLite and a local folder (the embedded default); with a SharePoint site configured, plans,
    /// activities and documents live on that site, while the app's own data (conversations, outbox, the cache of
    /// the site's lists) stays in SQLite. Choosing SharePoint is configuration only.
    /// </summary>
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Storage");
        var root = builder.Environment.ContentRootPath;
        var options = new EmbeddedStorageOptions(
            Path.GetFullPath(section["DatabasePath"] ?? "data/commplan.db", root),
            Path.GetFullPath(section["DocumentsFolder"] ?? "data/documents", root));
        if (StateStorage.UsesPostgres(builder.Configuration))
        {
            // Several instances share one PostgreSQL database; what the SQLite file would hold lives there.
            builder.Services.AddSingleton(options);
            builder.Services.AddPostgresState(StateStorage.Options(builder.Configuration), options.DocumentsFolder);
        }
        else builder.Services.AddEmbeddedStorage(options);
        var sharePoint = SharePointSettings(builder.Configuration);
        if (sharePoint.IsConfigured)
        {
            try
            {
                builder.Services.AddSharePointStorage(sharePoint);
            }
            catch (InvalidOperationException e) when (e is not InvalidSettingsException)
            {
                // The settings were checked at start; what is left is a certificate that cannot be used.
                throw new InvalidSettingsException([e.Message], e);
            }
            builder.Services.AddHealthChecks().AddCheck<SharePointHealthCheck>("sharepoint");
        }
        return builder;
    }

    public static SharePointOptions SharePointSettings(IConfiguration configuration) =>
        configuration.GetSection(SharePointOptions.Section).Get<SharePointOptions>() ?? new SharePointOptions();

    /// <summary>Brings the database up to date and, on the embedded default, gives an empty store the demo plan.</summary>
    public static async Task PrepareStorageAsync(this WebApplication app, CancellationToken ct = default)
    {
        var mode = app.Services.GetRequiredService<HostingMode>();
        var options = app.Services.GetRequiredService<EmbeddedStorageOptions>();
        var sharePoint = app.Services.GetService<SharePointOptions>();
        if (app.Services.GetService<PostgresStateOptions>() is { } postgres)
        {
            await PreparePostgresAsync(app, postgres, options, sharePoint, mode, ct);
            return;
        }
        await SqliteStorage.MigrateAsync(app.Services, ct);
        if (sharePoint is not null)
        {
            // The organisation's site is never given the demo plan.
            app.Logger.LogInformation("Plans, activities and documents on SharePoint site {Site} through {GraphBaseUrl}; app data in {DatabasePath}.",
                sharePoint.SiteId ?? sharePoint.SiteUrl, sharePoint.GraphBaseUrl, options.DatabasePath);
        }
        else if (mode.IsEmbeddedDefault)
        {
            app.Logger.LogWarning(
                "Running on the embedded default because {Reason}: SQLite database {DatabasePath}, documents folder {DocumentsFolder}, dev sign-in as the configured demo user. Set the Microsoft 365 settings (see appsettings.template.json) to use Entra ID.",
                mode.Reason, options.DatabasePath, options.DocumentsFolder);
            await using var scope = app.Services.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<DemoPlanSeeder>().EnsureSeededAsync(ct))
                app.Logger.LogInformation("Added the demo plan (Piteå, appendix 2) to the empty database.");
        }
        else
        {
            app.Logger.LogInformation("Using Microsoft 365 because {Reason}; app data in {DatabasePath}.", mode.Reason, options.DatabasePath);
        }
    }

    private static async Task PreparePostgresAsync(WebApplication app, PostgresStateOptions postgres, EmbeddedStorageOptions options, SharePointOptions? sharePoint,
        HostingMode mode, CancellationToken ct)
    {
        Directory.CreateDirectory(options.DocumentsFolder);
        var seeded = false;
        // Instances starting together: one migrates and seeds, the others find it done.
        await PostgresStorage.MigrateAsync(app.Services, async () =>
        {
            if (sharePoint is not null || !mode.IsEmbeddedDefault) return;
            await using var scope = app.Services.CreateAsyncScope();
            seeded = await scope.ServiceProvider.GetRequiredService<DemoPlanSeeder>().EnsureSeededAsync(ct);
        }, ct);
        app.Logger.LogInformation("App state in {Database} as instance {Instance} (outbox claims last {ClaimLease}); plans and activities in {PlanStore}, documents in {Documents}.",
            StateStorage.Describe(postgres), postgres.InstanceId, postgres.ClaimLease,
            sharePoint is not null ? "SharePoint site " + (sharePoint.SiteId ?? sharePoint.SiteUrl) : "PostgreSQL",
            sharePoint is not null ? "SharePoint" : options.DocumentsFolder);
        if (seeded) app.Logger.LogInformation("Added the demo plan (Piteå, appendix 2) to the empty database.");
    }
}
