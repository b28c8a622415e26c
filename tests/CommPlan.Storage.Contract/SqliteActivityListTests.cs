using CommPlan.Application.Demo;
using CommPlan.Application.Storage;
using CommPlan.Domain.Activities;
using CommPlan.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CommPlan.Storage.Contract;

/// <summary>
/// Two app instances on one SQLite file, each with its own memory of what it read: a list on one shows what the
/// other wrote since (changed, deleted and added activities), never what it read before.
/// </summary>
public sealed class SqliteActivityListTests : IAsyncLifetime
{
    private static readonly DateOnly Today = new(2026, 6, 15);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("commplan-list-");
    private ServiceProvider _one = null!;
    private ServiceProvider _other = null!;

    private EmbeddedStorageOptions Storage => new(Path.Combine(_folder.FullName, "app.db"), Path.Combine(_folder.FullName, "documents"));

    public async Task InitializeAsync()
    {
        _one = new ServiceCollection().AddLogging().AddEmbeddedStorage(Storage).BuildServiceProvider();
        _other = new ServiceCollection().AddLogging().AddEmbeddedStorage(Storage).BuildServiceProvider();
        await SqliteStorage.MigrateAsync(_one, default);
    }

    public async Task DisposeAsync()
    {
        await _one.DisposeAsync();
        await _other.DisposeAsync();
        SqliteStorageTests.ClearPool(Storage);
        _folder.Delete(recursive: true);
    }

    private static async Task<T> InScopeAsync<T>(ServiceProvider services, Func<IActivityStore, Task<T>> work)
    {
        await using var scope = services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<IActivityStore>());
    }

    [Fact]
    public async Task A_list_shows_what_another_instance_changed_deleted_and_added_since_the_last_list()
    {
        var plan = DemoPlan.BuildPlan(2026);
        await using (var scope = _one.CreateAsyncScope()) await scope.ServiceProvider.GetRequiredService<IPlanStore>().SaveAsync(plan, default);
        Activity New(string title) => Activity.Create(Guid.NewGuid(), plan, new ActivityDetails
        {
            Title = title, UnitKey = "repris", Period = Period.Month(2026, 5), Channels = ["annons"], TargetGroups = ["allmanhet"], Goals = ["intresse"],
            Owner = DemoPlan.SecondHandShop,
        }, Today);
        var kept = await InScopeAsync(_one, s => s.AddAsync(New("A"), default));
        var changed = await InScopeAsync(_one, s => s.AddAsync(New("B"), default));
        var deleted = await InScopeAsync(_one, s => s.AddAsync(New("C"), default));
        Assert.Equal(3, (await InScopeAsync(_one, s => s.ListAsync(plan.Id, default))).Count);
        Assert.Equal(3, (await InScopeAsync(_one, s => s.ListAsync(plan.Id, default))).Count);

        var activity = changed.Value;
        activity.ChangeStatus(ActivityStatus.Done, Today, Today);
        var updated = await InScopeAsync(_other, s => s.UpdateAsync(activity, changed.ETag, default));
        await InScopeAsync(_other, async s => { await s.DeleteAsync(plan.Id, deleted.Value.Id, deleted.ETag, default); return 0; });
        await InScopeAsync(_other, s => s.AddAsync(New("D"), default));
        var listed = await InScopeAsync(_one, s => s.ListAsync(plan.Id, default));

        Assert.Equal(["A", "B", "D"], listed.Select(a => a.Value.Title).Order());
        var b = listed.Single(a => a.Value.Id == changed.Value.Id);
        Assert.Equal(ActivityStatus.Done, b.Value.Status);
        Assert.Equal(updated.ETag, b.ETag);
        Assert.Equal(kept.ETag, listed.Single(a => a.Value.Id == kept.Value.Id).ETag);
    }
}
