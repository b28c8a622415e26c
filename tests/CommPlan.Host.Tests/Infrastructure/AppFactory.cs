using System.Net;
using CommPlan.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace CommPlan.Host.Tests.Infrastructure;

/// <summary>
/// The real host, on a real SQLite file in a fresh folder, with a clock the test controls. Settings can be added
/// to run it as it would run with Microsoft 365 configured.
/// </summary>
public sealed class AppFactory : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 23, 8, 30, 0, TimeSpan.Zero);

    private readonly Dictionary<string, string?> _settings;

    public AppFactory(IDictionary<string, string?>? settings = null, string? folder = null)
    {
        Folder = folder ?? Directory.CreateTempSubdirectory("commplan-host-").FullName;
        _settings = new Dictionary<string, string?>
        {
            ["Storage:DatabasePath"] = Path.Combine(Folder, "app.db"),
            ["Storage:DocumentsFolder"] = Path.Combine(Folder, "documents"),
            // A sweep at start would add reminder cards to conversations other tests count; reminder tests turn it on.
            ["Reminders:Enabled"] = "false",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) _settings[k] = v;
    }

    public string Folder { get; }

    /// <summary>The database and documents folder the host is configured with.</summary>
    public EmbeddedStorageOptions StorageOptions => new(Path.GetFullPath(_settings["Storage:DatabasePath"]!), Path.GetFullPath(_settings["Storage:DocumentsFolder"]!));

    public FakeTimeProvider Clock { get; } = new(DefaultNow);

    public bool DeleteFolderOnDispose { get; init; } = true;

    /// <summary>Runs the host on the real clock instead of <see cref="Clock"/> (for work paced in real time, such as sending).</summary>
    public bool UsesSystemClock { get; init; }

    /// <summary>Service changes for one test, applied after the app's own registrations.</summary>
    public Action<IServiceCollection>? ConfigureTestServices { get; init; }

    /// <summary>The caller's address as the app sees it; the test server has none, a local client has loopback.</summary>
    public IPAddress RemoteIp { get; set; } = IPAddress.Loopback;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (k, v) in _settings) builder.UseSetting(k, v);
        builder.ConfigureServices(services =>
        {
            if (!UsesSystemClock)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(Clock);
            }
            services.AddSingleton<IStartupFilter>(new RemoteIpFilter(this));
            ConfigureTestServices?.Invoke(services);
        });
    }

    private sealed class RemoteIpFilter(AppFactory factory) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, go) =>
            {
                http.Connection.RemoteIpAddress = factory.RemoteIp;
                return go(http);
            });
            next(app);
        };
    }

    /// <summary>Closes this database's idle pooled connections (and those in use as they come back), so that its file can go.</summary>
    public void ClearDatabasePool()
    {
        using var connection = new SqliteConnection(StorageOptions.ConnectionString);
        SqliteConnection.ClearPool(connection);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        // Only this database's pool: clearing every pool would reach into tests running alongside.
        ClearDatabasePool();
        if (DeleteFolderOnDispose && Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}
