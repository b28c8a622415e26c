using CommPlan.Application;
using CommPlan.Application.Storage;
using CommPlan.Domain.Reminders;
using CommPlan.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace CommPlan.Storage.Contract;

/// <summary>The reminder store under test, its outbox, and a factory for a second store on the same data (another instance).</summary>
public sealed record ReminderStoresUnderTest(IReminderStore Reminders, IOutboxStore Outbox, IAsyncDisposable Owner, Func<IReminderStore> Another);

/// <summary>What the reminder ledger must do on every database: each reminder recorded once, with its outbox entry or not at all.</summary>
public abstract class ReminderStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 9, 16, 6, 0, 0, TimeSpan.Zero);
    private static readonly Guid PlanId = Guid.Parse("3f0c9a6e-5b7d-4d1e-9a52-7c1b2e4f6a01");
    private ReminderStoresUnderTest _stores = null!;

    protected abstract Task<ReminderStoresUnderTest> CreateStoresAsync();

    private IReminderStore Store => _stores.Reminders;

    public async Task InitializeAsync() => _stores = await CreateStoresAsync();

    public async Task DisposeAsync() => await _stores.Owner.DisposeAsync();

    private static ReminderDelivery Delivery(string key, string digest = "u1:20260916", DateOnly? day = null) => new(
        key, digest, PlanId, Guid.NewGuid(), "Vårrensning", new DateOnly(2026, 9, 16), false, ReminderKind.DueToday, 0, "u1", "Maria Öberg",
        day ?? new DateOnly(2026, 9, 16), false, ReminderDeliveryState.Queued, null, null, "a:1", T0);

    private static NewOutboxEntry Card(string digest) => new("a:1", OutboxOperation.Send, """{"type":"message"}""", "reminder:" + digest);

    [Fact]
    public async Task A_reminder_is_recorded_with_its_outbox_entry_and_never_twice()
    {
        Assert.True(await Store.RecordAsync([Delivery("k1"), Delivery("k2")], Card("u1:20260916"), T0, default));

        var again = await _stores.Another().RecordAsync([Delivery("k3"), Delivery("k2")], Card("u1:20260916"), T0, default);

        Assert.False(again);
        Assert.Equal(["k1", "k2"], (await Store.RecordedAsync(["k1", "k2", "k3"], default)).Order());
        var entry = Assert.Single(await _stores.Outbox.ListAsync("a:1"));
        Assert.All(await Store.ListDigestAsync("u1:20260916", default), d => Assert.Equal(entry.Id, d.OutboxEntryId));
    }

    [Fact]
    public async Task An_address_resolved_once_is_remembered_for_every_instance_and_the_first_id_stays()
    {
        var per = Guid.Parse("0d3b7c1e-5a2f-4e69-8b14-6c9f2e7a3d55");
        Assert.Null(await Store.FindResolvedRecipientAsync("per.nilsson@pitea.se", default));

        await Store.RememberResolvedRecipientAsync("per.nilsson@pitea.se", per, T0, default);
        await _stores.Another().RememberResolvedRecipientAsync("per.nilsson@pitea.se", Guid.NewGuid(), T0, default);

        Assert.Equal(per, await _stores.Another().FindResolvedRecipientAsync("per.nilsson@pitea.se", default));
        Assert.Null(await Store.FindResolvedRecipientAsync("someone.else@pitea.se", default));
    }

    [Fact]
    public async Task Two_instances_recording_the_same_reminders_at_once_send_them_once()
    {
        var attempts = Enumerable.Range(0, 6).Select(_ => _stores.Another())
            .Select(store => Task.Run(() => store.RecordAsync([Delivery("k1"), Delivery("k2")], Card("u1:20260916"), T0, default))).ToArray();

        var won = await Task.WhenAll(attempts);

        Assert.Single(won, w => w);
        Assert.Single(await _stores.Outbox.ListAsync("a:1"));
    }

    [Fact]
    public async Task An_unreachable_reminder_is_recorded_without_an_outbox_entry_and_listed_by_day()
    {
        await Store.RecordAsync([Delivery("k1", day: new DateOnly(2026, 9, 15)) with { State = ReminderDeliveryState.NotInstalled, Reason = "no chat" }], null, T0, default);
        await Store.RecordAsync([Delivery("k2")], Card("u1:20260916"), T0, default);

        var listed = await Store.ListAsync(PlanId, new DateOnly(2026, 9, 15), new DateOnly(2026, 9, 15), default);

        var only = Assert.Single(listed);
        Assert.Equal(ReminderDeliveryState.NotInstalled, only.State);
        Assert.Equal("no chat", only.Reason);
        Assert.Null(only.OutboxEntryId);
        Assert.Equal(2, (await Store.ListAsync(PlanId, new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30), default)).Count);
    }

    [Fact]
    public async Task A_policy_is_saved_against_the_version_read()
    {
        Assert.Null(await Store.GetPolicyAsync(PlanId, default));
        var policy = ReminderPolicy.Default with { LeadWorkingDays = [10, 2], UnitManagers = [new UnitManager("repris", Guid.NewGuid(), "Chef")] };

        var first = await Store.SavePolicyAsync(PlanId, policy, "\"default\"", default);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.SavePolicyAsync(PlanId, policy, "\"default\"", default));
        var second = await Store.SavePolicyAsync(PlanId, policy with { LateReminders = 1 }, first.ETag, default);

        var read = await Store.GetPolicyAsync(PlanId, default);
        Assert.Equal(second.ETag, read!.ETag);
        Assert.Equal(policy with { LateReminders = 1 }, read.Value);
        Assert.NotEqual(first.ETag, second.ETag);
    }

    [Fact]
    public async Task A_snooze_is_moved_not_repeated_and_the_last_run_never_goes_back()
    {
        var activity = Guid.NewGuid();
        await Store.SaveSnoozeAsync(new ReminderSnooze(activity, new DateOnly(2026, 9, 16), "u1", new DateOnly(2026, 9, 17)), default);
        await Store.SaveSnoozeAsync(new ReminderSnooze(activity, new DateOnly(2026, 9, 16), "u1", new DateOnly(2026, 9, 21)), default);
        Assert.Equal(new DateOnly(2026, 9, 21), Assert.Single(await Store.ListSnoozesAsync(new DateOnly(2026, 9, 1), default)).Until);
        Assert.Empty(await Store.ListSnoozesAsync(new DateOnly(2026, 9, 22), default));

        Assert.Null(await Store.GetLastRunAsync(default));
        await Store.SetLastRunAsync(T0.AddHours(1), default);
        await _stores.Another().SetLastRunAsync(T0, default);
        Assert.Equal(T0.AddHours(1), await Store.GetLastRunAsync(default));
    }
}

public sealed class SqliteReminderStoreTests : ReminderStoreContract
{
    protected override async Task<ReminderStoresUnderTest> CreateStoresAsync()
    {
        var (scope, owner) = await SqliteStorageTests.CreateScopeAsync();
        var sp = scope.ServiceProvider;
        var scopes = sp.GetRequiredService<IServiceScopeFactory>();
        return new ReminderStoresUnderTest(sp.GetRequiredService<IReminderStore>(), sp.GetRequiredService<IOutboxStore>(), owner,
            () => scopes.CreateScope().ServiceProvider.GetRequiredService<IReminderStore>());
    }
}

public sealed class PostgresReminderStoreTests : ReminderStoreContract
{
    protected override async Task<ReminderStoresUnderTest> CreateStoresAsync()
    {
        var (owner, sp) = await PostgresInstance.StartAsync();
        return new ReminderStoresUnderTest(sp.GetRequiredService<IReminderStore>(), sp.GetRequiredService<IOutboxStore>(), owner,
            () => owner.Another().CreateScope().ServiceProvider.GetRequiredService<IReminderStore>());
    }
}
