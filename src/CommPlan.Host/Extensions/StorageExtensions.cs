using CommPlan.Application.Demo;
using CommPlan.Storage.Sqlite;

namespace CommPlan.Host.Extensions;

public static class StorageExtensions
{
    /// <summary>The stores: SQLite and a local folder (the embedded default).</summary>
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Storage");
        var root = builder.Environment.ContentRootPath;
        var options = new EmbeddedStorageOptions(
            Path.GetFullPath(section["DatabasePath"] ?? "data/commplan.db", root),
            Path.GetFullPath(section["DocumentsFolder"] ?? "data/documents", root));
        builder.Services.AddEmbeddedStorage(options);
        return builder;
    }

    /// <summary>Brings the database up to date and, on the embedded default, gives an empty store the demo plan.</summary>
    public static async Task PrepareStorageAsync(this WebApplication app, CancellationToken ct = default)
    {
        var mode = app.Services.GetRequiredService<HostingMode>();
        var options = app.Services.GetRequiredService<EmbeddedStorageOptions>();
        await SqliteStorage.MigrateAsync(app.Services, ct);
        if (mode.IsEmbeddedDefault)
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
