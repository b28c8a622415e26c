using CommPlan.Application.Storage;
using CommPlan.Domain.Activities;
using Microsoft.Extensions.DependencyInjection;

namespace CommPlan.Storage.Contract;

/// <param name="Another">A second reader on the same store (its own scope, as a second request would have).</param>
public sealed record ActivityHistoryStoresUnderTest(IActivityHistoryStore Store, Func<IActivityHistoryStore> Another, IAsyncDisposable Owner);

/// <summary>What every activity history store must do: the same facts on SQLite, PostgreSQL and SharePoint.</summary>
public abstract class ActivityHistoryContract : IAsyncLifetime
{
    private static readonly Guid PlanId = Guid.Parse("0b6c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3");
    private static readonly Guid Sara = Guid.Parse("bd5a7e96-4172-40c1-9e85-6fb07c9e5a05");
    private static readonly Guid Anna = Guid.Parse("6f1c7a52-0d3e-4c8e-9a41-2b7d3e5a1c01");
    private static readonly DateTimeOffset T0 = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);
    private ActivityHistoryStoresUnderTest _stores = null!;

    protected abstract Task<ActivityHistoryStoresUnderTest> CreateStoresAsync();

    private IActivityHistoryStore Store => _stores.Store;

    public async Task InitializeAsync() => _stores = await CreateStoresAsync();

    public async Task DisposeAsync() => await _stores.Owner.DisposeAsync();

    private static ActivityHistoryEntry Entry(Guid activityId, DateTimeOffset at, Guid actor, string name, params ActivityFieldChange[] changes) =>
        new(Guid.NewGuid(), PlanId, activityId, at, actor, name, changes);

    [Fact]
    public async Task Appended_entries_read_back_whole_in_the_order_they_were_written()
    {
        var activity = Guid.NewGuid();
        var first = Entry(activity, T0, Sara, "Sara Holm",
            new ActivityFieldChange(ActivityHistory.Status, "Planned", "InProgress"),
            new ActivityFieldChange(ActivityHistory.Owner, "Anna Lindqvist <anna@example.se>", null),
            new ActivityFieldChange(ActivityHistory.Description, null, "Rad ett.\nRad två med å, ä och ö: \"citat\" <b>"));
        var second = Entry(activity, T0.AddMinutes(5), Anna, "Anna Lindqvist", new ActivityFieldChange(ActivityHistory.Figure, null, "2026-05-04 240.5 besökare"));

        await Store.AppendAsync(first, default);
        await Store.AppendAsync(second, default);

        var read = await _stores.Another().ListAsync(PlanId, activity, default);
        Assert.Equal(2, read.Count);
        Assert.Equal((first.Id, first.PlanId, first.ActivityId, first.At, first.ActorId, first.ActorName), (read[0].Id, read[0].PlanId, read[0].ActivityId, read[0].At, read[0].ActorId, read[0].ActorName));
        Assert.Equal(first.Changes, read[0].Changes);
        Assert.Equal(second.Id, read[1].Id);
        Assert.Equal(second.Changes, read[1].Changes);
    }

    [Fact]
    public async Task An_activity_reads_only_its_own_history_in_its_own_plan()
    {
        var mine = Guid.NewGuid();
        var other = Guid.NewGuid();
        await Store.AppendAsync(Entry(mine, T0, Sara, "Sara Holm", new ActivityFieldChange(ActivityHistory.Title, "A", "B")), default);
        await Store.AppendAsync(Entry(other, T0, Sara, "Sara Holm", new ActivityFieldChange(ActivityHistory.Title, "C", "D")), default);

        Assert.Equal("B", Assert.Single(Assert.Single(await Store.ListAsync(PlanId, mine, default)).Changes).After);
        Assert.Empty(await Store.ListAsync(Guid.NewGuid(), mine, default));
        Assert.Empty(await Store.ListAsync(PlanId, Guid.NewGuid(), default));
    }

    [Fact]
    public async Task Appending_the_same_entry_again_keeps_it_once()
    {
        var activity = Guid.NewGuid();
        var entry = Entry(activity, T0, Sara, "Sara Holm", new ActivityFieldChange(ActivityHistory.Status, "Planned", "Done"));

        await Store.AppendAsync(entry, default);
        await _stores.Another().AppendAsync(entry, default);

        Assert.Equal(entry.Id, Assert.Single(await Store.ListAsync(PlanId, activity, default)).Id);
    }
}

public sealed class SqliteActivityHistoryTests : ActivityHistoryContract
{
    protected override async Task<ActivityHistoryStoresUnderTest> CreateStoresAsync()
    {
        var (scope, owner) = await SqliteStorageTests.CreateScopeAsync();
        var scopes = scope.ServiceProvider.GetRequiredService<IServiceScopeFactory>();
        return new ActivityHistoryStoresUnderTest(scope.ServiceProvider.GetRequiredService<IActivityHistoryStore>(),
            () => scopes.CreateScope().ServiceProvider.GetRequiredService<IActivityHistoryStore>(), owner);
    }
}

public sealed class PostgresActivityHistoryTests : ActivityHistoryContract
{
    protected override async Task<ActivityHistoryStoresUnderTest> CreateStoresAsync()
    {
        var (owner, sp) = await PostgresInstance.StartAsync();
        return new ActivityHistoryStoresUnderTest(sp.GetRequiredService<IActivityHistoryStore>(),
            () => owner.Another().CreateScope().ServiceProvider.GetRequiredService<IActivityHistoryStore>(), owner);
    }
}

/// <summary>The contract on the SharePoint adapter against the loopback Graph, provisioned first.</summary>
public sealed class GraphActivityHistoryTests : ActivityHistoryContract
{
    protected override async Task<ActivityHistoryStoresUnderTest> CreateStoresAsync()
    {
        var environment = await GraphEnvironment.StartAsync();
        var app = await environment.CreateAppAsync();
        var report = await GraphEnvironment.ProvisionAsync(app);
        Assert.True(report.Succeeded, string.Join("; ", report.Failures));
        var scope = app.CreateAsyncScope();
        return new ActivityHistoryStoresUnderTest(scope.ServiceProvider.GetRequiredService<IActivityHistoryStore>(),
            () => app.CreateScope().ServiceProvider.GetRequiredService<IActivityHistoryStore>(), environment);
    }
}
