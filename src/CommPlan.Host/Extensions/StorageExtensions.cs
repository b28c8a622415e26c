using CommPlan.Application.Demo;
using CommPlan.Host.Settings;
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
        builder.Services.AddEmbeddedStorage(options);
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
}
