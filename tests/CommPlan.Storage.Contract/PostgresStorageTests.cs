using CommPlan.Application.Storage;
using CommPlan.Storage.Postgres;
using CommPlan.Storage.Sqlite.Model;
using CommPlan.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommPlan.Storage.Contract;

/// <summary>
/// One instance of the app on a fresh PostgreSQL database (its own, dropped after the test), as the host registers
/// it; <see cref="Another"/> is a second instance on the same database, with its own instance id.
/// </summary>
internal sealed class PostgresInstance : IAsyncDisposable
{
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private readonly List<ServiceProvider> _providers = [];
    private readonly string _documents = Directory.CreateTempSubdirectory("commplan-pg-documents-").FullName;

    private PostgresInstance(PostgresDatabase database) => Database = database;

    public PostgresDatabase Database { get; }

    public static async Task<(PostgresInstance Owner, IServiceProvider Services)> StartAsync()
    {
        var owner = new PostgresInstance(await PostgresDatabase.CreateAsync());
        var services = owner.Another();
        await PostgresStorage.MigrateAsync(services, null, default);
        return (owner, services.CreateAsyncScope().ServiceProvider);
    }

    /// <summary>Another instance of the app on the same database.</summary>
    public IServiceProvider Another(string? instanceId = null)
    {
        var provider = new ServiceCollection()
            .AddLogging()
            .AddPostgresState(new PostgresStateOptions(Database.ConnectionString, Lease, instanceId ?? PostgresStateOptions.NewInstanceId()), _documents)
            .BuildServiceProvider();
        lock (_providers) _providers.Add(provider);
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers) await provider.DisposeAsync();
        await Database.DisposeAsync();
        Directory.Delete(_documents, recursive: true);
    }
}

/// <summary>The storage contract with plans and activities in PostgreSQL (Storage:State = Postgres without SharePoint).</summary>
public sealed class PostgresStorageTests : StorageContract
{
    protected override async Task<StoresUnderTest> CreateStoresAsync()
    {
        var (owner, sp) = await PostgresInstance.StartAsync();
        return new StoresUnderTest(sp.GetRequiredService<IPlanStore>(), sp.GetRequiredService<IActivityStore>(), sp.GetRequiredService<IDocumentStore>(), owner);
    }
}

public sealed class PostgresSyncStateTests : SyncStateContract
{
    protected override async Task<(ISyncStateStore Store, IAsyncDisposable Owner)> CreateAsync()
    {
        var (owner, sp) = await PostgresInstance.StartAsync();
        return (sp.GetRequiredService<ISyncStateStore>(), owner);
    }
}

/// <summary>The outbound contract on PostgreSQL; <c>Another</c> is another instance of the app on the same database.</summary>
public sealed class PostgresOutboundTests : OutboundContract
{
    protected override async Task<OutboundStoresUnderTest> CreateStoresAsync()
    {
        var (owner, sp) = await PostgresInstance.StartAsync();
        return new OutboundStoresUnderTest(sp.GetRequiredService<IConversationStore>(), sp.GetRequiredService<IOutboxStore>(), owner,
            () => owner.Another().CreateScope().ServiceProvider.GetRequiredService<IConversationStore>());
    }
}

/// <summary>What must hold when several instances share one outbox: claims are database-wide and outlive no crash.</summary>
public sealed class PostgresSharedOutboxTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private PostgresInstance _owner = null!;
    private IOutboxStore _a = null!;

    public async Task InitializeAsync()
    {
        (_owner, var sp) = await PostgresInstance.StartAsync();
        _a = sp.GetRequiredService<IOutboxStore>();
    }

    public async Task DisposeAsync() => await _owner.DisposeAsync();

    private IOutboxStore Instance() => _owner.Another().CreateScope().ServiceProvider.GetRequiredService<IOutboxStore>();

    private Task<OutboxEntry> Enqueue(string conversation, string text) =>
        _a.EnqueueAsync(new NewOutboxEntry(conversation, OutboxOperation.Send, $$"""{"type":"message","text":"{{text}}"}"""), T0);

    [Fact]
    public async Task Of_many_instances_claiming_one_entry_at_once_exactly_one_wins()
    {
        for (var round = 0; round < 10; round++)
        {
            var entry = await Enqueue("a" + round, "1");
            var instances = Enumerable.Range(0, 6).Select(_ => Instance()).ToArray();

            var claims = await Task.WhenAll(instances.Select(i => Task.Run(() => i.ClaimAsync(entry.Id, T0))));

            Assert.Single(claims, c => c is not null);
            Assert.Equal(1, (await _a.GetAsync(entry.Id))!.Attempts);
        }
    }

    [Fact]
    public async Task A_live_instance_keeps_its_claim_and_its_conversation_waits_for_it()
    {
        var a1 = await Enqueue("a", "1");
        var a2 = await Enqueue("a", "2");
        await _a.ClaimAsync(a1.Id, T0);
        var b = Instance();

        Assert.Equal(0, await b.ReleaseInterruptedAsync(T0.AddSeconds(1)));
        Assert.Empty(await b.ListDueAsync(T0.AddSeconds(1), 10));
        Assert.Null(await b.ClaimAsync(a1.Id, T0.AddSeconds(1)));
        Assert.Null(await b.ClaimAsync(a2.Id, T0.AddSeconds(1)));
        Assert.Equal(T0 + PostgresInstance.Lease, await b.NextDueAtAsync());
    }

    [Fact]
    public async Task A_crashed_instances_claim_is_taken_over_when_its_lease_runs_out_and_its_late_outcome_changes_nothing()
    {
        var a1 = await Enqueue("a", "1");
        await Enqueue("a", "2");
        await _a.ClaimAsync(a1.Id, T0);
        var b = Instance();
        var expired = T0 + PostgresInstance.Lease;

        var due = Assert.Single(await b.ListDueAsync(expired, 10));
        var taken = await b.ClaimAsync(due.Id, expired);
        await _a.RetryLaterAsync(a1.Id, expired.AddSeconds(5), "503 from the crashed instance", expired);

        Assert.Equal(a1.Id, due.Id);
        Assert.Equal(OutboxState.Sending, taken!.State);
        Assert.Equal(2, taken.Attempts);
        Assert.Contains("Interrupted", taken.LastError);
        Assert.Equal(OutboxState.Sending, (await b.GetAsync(a1.Id))!.State);
        Assert.Empty(await b.ListDueAsync(expired, 10));
    }

    [Fact]
    public async Task A_restarted_instance_releases_claims_whose_lease_ran_out_and_no_others()
    {
        var a1 = await Enqueue("a", "1");
        var b1 = await Enqueue("b", "1");
        await _a.ClaimAsync(a1.Id, T0);
        await Instance().ClaimAsync(b1.Id, T0.AddSeconds(20));

        var released = await Instance().ReleaseInterruptedAsync(T0 + PostgresInstance.Lease);

        Assert.Equal(1, released);
        Assert.Equal(OutboxState.Pending, (await _a.GetAsync(a1.Id))!.State);
        Assert.Equal(OutboxState.Sending, (await _a.GetAsync(b1.Id))!.State);
    }

    [Fact]
    public async Task The_schema_is_the_one_the_migrations_build()
    {
        await using var scope = _owner.Another().CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "the model has changes no PostgreSQL migration covers: add one with dotnet ef migrations add");
    }
}
