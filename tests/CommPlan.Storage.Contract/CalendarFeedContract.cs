using CommPlan.Application.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CommPlan.Storage.Contract;

/// <summary>What a calendar feed store must do, on each database the app's own state can live in.</summary>
public abstract class CalendarFeedContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Anna = Guid.NewGuid();
    private static readonly Guid Maria = Guid.NewGuid();
    private ICalendarFeedStore _store = null!;
    private IAsyncDisposable _owner = null!;

    protected abstract Task<(ICalendarFeedStore Store, IAsyncDisposable Owner)> CreateStoreAsync();

    public async Task InitializeAsync() => (_store, _owner) = await CreateStoreAsync();

    public async Task DisposeAsync() => await _owner.DisposeAsync();

    private static CalendarFeed Feed(Guid person, string hash, CalendarFeedKind kind = CalendarFeedKind.Mine, Guid? plan = null, int minutes = 0) =>
        new(Guid.NewGuid(), person, Guid.NewGuid(), "Anna Lindqvist", "anna@pitea.example", kind, plan, hash, T0.AddMinutes(minutes));

    [Fact]
    public async Task A_feed_is_found_by_its_secret_hash_and_listed_for_its_person_only_oldest_first()
    {
        var plan = Guid.NewGuid();
        var second = Feed(Anna, "hash-2", CalendarFeedKind.Plan, plan, minutes: 5);
        var first = Feed(Anna, "hash-1");
        await _store.AddAsync(second);
        await _store.AddAsync(first);
        await _store.AddAsync(Feed(Maria, "hash-3"));

        Assert.Equal(second, await _store.FindBySecretHashAsync("hash-2"));
        Assert.Null(await _store.FindBySecretHashAsync("hash-unknown"));
        Assert.Equal([first, second], await _store.ListAsync(Anna));
        Assert.Single(await _store.ListAsync(Maria));
    }

    [Fact]
    public async Task A_revoked_feed_is_gone_and_nobody_revokes_another_persons_feed()
    {
        var feed = Feed(Anna, "hash-1");
        await _store.AddAsync(feed);

        Assert.False(await _store.RemoveAsync(Maria, feed.Id));
        Assert.NotNull(await _store.FindBySecretHashAsync("hash-1"));
        Assert.True(await _store.RemoveAsync(Anna, feed.Id));
        Assert.False(await _store.RemoveAsync(Anna, feed.Id));
        Assert.Null(await _store.FindBySecretHashAsync("hash-1"));
        Assert.Empty(await _store.ListAsync(Anna));
    }
}

public sealed class SqliteCalendarFeedTests : CalendarFeedContract
{
    protected override async Task<(ICalendarFeedStore, IAsyncDisposable)> CreateStoreAsync()
    {
        var (scope, owner) = await SqliteStorageTests.CreateScopeAsync();
        return (scope.ServiceProvider.GetRequiredService<ICalendarFeedStore>(), owner);
    }
}

public sealed class PostgresCalendarFeedTests : CalendarFeedContract
{
    protected override async Task<(ICalendarFeedStore, IAsyncDisposable)> CreateStoreAsync()
    {
        var (owner, sp) = await PostgresInstance.StartAsync();
        return (sp.GetRequiredService<ICalendarFeedStore>(), owner);
    }
}
