using CommPlan.Application;
using CommPlan.Application.Access;
using CommPlan.Application.Activities;
using CommPlan.Application.Demo;
using CommPlan.Application.Overview;
using CommPlan.Application.Plans;
using CommPlan.Domain.Calendar;
using CommPlan.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CommPlan.Application.Tests;

/// <summary>
/// The use cases on the embedded default's real stores (a SQLite file in a fresh folder), seeded with the demo plan
/// and its demo roles, in the organisation's tenant.
/// </summary>
internal sealed class AppUnderTest : IAsyncDisposable
{
    public static readonly Guid Tenant = Guid.Parse("2b6f0d4e-1c3a-4e5b-9d7f-8a1b2c3d4e5f");

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("commplan-app-");
    private readonly ServiceProvider _services;
    private readonly AsyncServiceScope _scope;

    private AppUnderTest(AccessOptions access)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddEmbeddedStorage(new EmbeddedStorageOptions(Path.Combine(_folder.FullName, "app.db"), Path.Combine(_folder.FullName, "documents")));
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(new OrganisationClock(Clock, TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm"), WorkingDayCalendar.SwedishDefault));
        services.AddSingleton(access);
        services.AddSingleton(access.ToPolicy());
        services.AddSingleton<GroupMembersCache>();
        services.AddSingleton<GroupMembershipCache>();
        services.AddScoped<AccessGate>();
        services.AddScoped<PlanRolesService>();
        services.AddScoped<PlanService>();
        services.AddScoped<ActivityService>();
        services.AddScoped<PlanOverviewService>();
        services.AddScoped<DemoPlanSeeder>();
        _services = services.BuildServiceProvider();
        _scope = _services.CreateAsyncScope();
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 6, 15, 8, 0, 0, TimeSpan.Zero));

    public static async Task<AppUnderTest> StartAsync(params Guid[] bootstrapCommunicators)
    {
        var app = new AppUnderTest(new AccessOptions { TenantId = Tenant, Communicators = [.. bootstrapCommunicators] });
        await SqliteStorage.MigrateAsync(app._services, default);
        Assert.True(await app.Get<DemoPlanSeeder>().EnsureSeededAsync(default));
        return app;
    }

    public T Get<T>() where T : notnull => _scope.ServiceProvider.GetRequiredService<T>();

    public static Actor Person(Guid id, string name, string? email = null, Guid? tenant = null, params Guid[] groups) =>
        new(id, tenant ?? Tenant, name, email, groups.ToHashSet());

    public static Actor Anna => Person(DemoPlan.Communicator.ObjectId!.Value, "Anna Lindqvist");
    public static Actor Sara => Person(DemoPlan.ManagementGroup.ObjectId!.Value, "Sara Holm");
    public static Actor Maria => Person(DemoPlan.SecondHandShop.ObjectId!.Value, "Maria Öberg");
    public static Actor Erik => Person(DemoPlan.AdultEducation.ObjectId!.Value, "Erik Nilsson");

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
