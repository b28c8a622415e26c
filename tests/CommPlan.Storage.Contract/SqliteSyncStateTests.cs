using CommPlan.Application.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CommPlan.Storage.Contract;

/// <summary>The app database's copy of SharePoint lists on the embedded default.</summary>
public sealed class SqliteSyncStateTests : SyncStateContract
{
    protected override async Task<(ISyncStateStore Store, IAsyncDisposable Owner)> CreateAsync()
    {
        var (scope, owner) = await SqliteStorageTests.CreateScopeAsync();
        return (scope.ServiceProvider.GetRequiredService<ISyncStateStore>(), owner);
    }
}

/// <summary>The app database's copy of SharePoint lists, which the delta sync keeps current, whatever the database.</summary>
public abstract class SyncStateContract : IAsyncLifetime
{
    private IAsyncDisposable _owner = null!;
    private ISyncStateStore _store = null!;

    protected abstract Task<(ISyncStateStore Store, IAsyncDisposable Owner)> CreateAsync();

    public async Task InitializeAsync() => (_store, _owner) = await CreateAsync();

    public async Task DisposeAsync() => await _owner.DisposeAsync();

    [Fact]
    public async Task Applied_changes_upsert_delete_and_move_the_delta_link()
    {
        await _store.ApplyAsync("activities", [new("1", "a", "p1", "e1", "{}"), new("2", "b", "p2", "e1", "{}")], [], "link-1", default);
        await _store.ApplyAsync("activities", [new("1", "a", "p1", "e2", """{"x":1}""")], ["2"], "link-2", default);
        await _store.ApplyAsync("activities", [new("3", "c", "p1", "e1", "{}")], [], null, default);

        Assert.Equal("link-2", await _store.GetDeltaLinkAsync("activities", default));
        Assert.Equal(["1", "3"], (await _store.ListAsync("activities", "p1", default)).Select(i => i.ItemId).Order());
        Assert.Empty(await _store.ListAsync("activities", "p2", default));
        Assert.Equal("e2", (await _store.FindByKeyAsync("activities", "a", default))!.ETag);
        Assert.Null(await _store.GetDeltaLinkAsync("plans", default));
    }

    [Fact]
    public async Task A_reset_forgets_the_list_and_its_link()
    {
        await _store.ApplyAsync("activities", [new("1", "a", "p1", "e1", "{}")], [], "link-1", default);
        await _store.ApplyAsync("plans", [new("1", "p1", null, "e1", "{}")], [], "link-p", default);

        await _store.ResetAsync("activities", default);

        Assert.Null(await _store.GetDeltaLinkAsync("activities", default));
        Assert.Empty(await _store.ListAsync("activities", null, default));
        Assert.Single(await _store.ListAsync("plans", null, default));
    }
}
