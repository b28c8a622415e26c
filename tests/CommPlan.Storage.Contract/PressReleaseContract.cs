using CommPlan.Application;
using CommPlan.Application.Storage;
using CommPlan.Domain.PressReleases;
using CommPlan.Storage.Sqlite;
using CommPlan.Storage.Sqlite.Model;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommPlan.Storage.Contract;

/// <param name="Another">A second writer on the same store (its own scope, as a second request would have).</param>
public sealed record PressReleaseStoresUnderTest(IPressReleaseStore Store, Func<IPressReleaseStore> Another, IAsyncDisposable Owner);

/// <summary>What every press-release store must do: the same facts on SQLite, PostgreSQL and SharePoint.</summary>
public abstract class PressReleaseContract : IAsyncLifetime
{
    protected static readonly Guid PlanId = Guid.Parse("7d1c2a9e-55a3-4c0e-8f0b-3c2d1e0f9a8b");
    private static readonly Person Sara = new(Guid.Parse("bd5a7e96-4172-40c1-9e85-6fb07c9e5a05"), "Sara Holm");
    private static readonly Person Anna = new(Guid.Parse("6f1c7a52-0d3e-4c8e-9a41-2b7d3e5a1c01"), "Anna Lindqvist");
    private static readonly Person Erik = new(Guid.Parse("2c9d1e0f-7b8a-4c6d-8e5f-3a2b1c0d9e8f"), "Erik Berg");
    private static readonly DateTimeOffset T0 = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);
    private PressReleaseStoresUnderTest _stores = null!;

    protected abstract Task<PressReleaseStoresUnderTest> CreateStoresAsync();

    private IPressReleaseStore Store => _stores.Store;

    public async Task InitializeAsync() => _stores = await CreateStoresAsync();

    public async Task DisposeAsync() => await _stores.Owner.DisposeAsync();

    private static (PressRelease, AuditEntry) NewSubmitted(string title = "Vårrensning på Repris") =>
        PressRelease.Submit(Guid.NewGuid(), PlanId, PressReleaseContent.Create(title, "Ingress med å, ä och ö.", "Rad ett.\nRad två.",
            T0.AddDays(3), "repris", Guid.Parse("9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"), "Sara Holm, 0911-000 00"), Sara, T0);

    private static AdoptionEntry NewAdoption(string document = "Kommunikationsplan 2027.docx", string version = "2.0", int minutes = 0) =>
        new(Guid.NewGuid(), PlanId, document, version, Anna, T0.AddMinutes(minutes));

    [Fact]
    public async Task An_adoption_reads_back_whole_from_the_plans_record_apart_from_the_release_entries()
    {
        var (release, entry) = NewSubmitted();
        await Store.AddAsync(release, entry, default);
        var first = NewAdoption("Budget 2027.pdf", "1.0", 5);
        var second = NewAdoption(minutes: 10);

        await Store.AppendAdoptionAsync(first, default);
        await Store.AppendAdoptionAsync(second, default);

        Assert.Equal([first, second], await Store.ListAdoptionsAsync(PlanId, default));
        Assert.Empty(await Store.ListAdoptionsAsync(Guid.NewGuid(), default));
        Assert.Equal([entry], await Store.ListAuditAsync(PlanId, null, default));
        Assert.Equal([entry], await Store.ListAuditAsync(PlanId, release.Id, default));
    }

    [Fact]
    public async Task An_adoption_is_recorded_once_and_a_second_append_of_it_is_a_duplicate()
    {
        var adoption = NewAdoption();
        await Store.AppendAdoptionAsync(adoption, default);

        await Assert.ThrowsAsync<DuplicateException>(() => Store.AppendAdoptionAsync(adoption with { DocumentVersion = "3.0" }, default));
        Assert.Equal([adoption], await Store.ListAdoptionsAsync(PlanId, default));
    }

    [Fact]
    public async Task An_added_release_reads_back_whole_with_its_record()
    {
        var (release, entry) = NewSubmitted();

        var added = await Store.AddAsync(release, entry, default);
        var read = await Store.GetAsync(PlanId, release.Id, default);

        Assert.NotNull(read);
        Assert.Equal(added.ETag, read.ETag);
        Assert.Equal(release.Content, read.Value.Content);
        Assert.Equal((release.Submitter, release.Version, release.State, release.CreatedAt), (read.Value.Submitter, read.Value.Version, read.Value.State, read.Value.CreatedAt));
        Assert.Equal([entry], await Store.ListAuditAsync(PlanId, release.Id, default));
        Assert.Single(await Store.ListAsync(PlanId, default));
        Assert.Empty(await Store.ListAsync(Guid.NewGuid(), default));
        Assert.Null(await Store.GetAsync(Guid.NewGuid(), release.Id, default));
    }

    [Fact]
    public async Task Adding_a_release_twice_is_a_duplicate()
    {
        var (release, entry) = NewSubmitted();
        await Store.AddAsync(release, entry, default);

        await Assert.ThrowsAsync<DuplicateException>(() => Store.AddAsync(release, entry with { Id = Guid.NewGuid() }, default));
        Assert.Single(await Store.ListAuditAsync(PlanId, release.Id, default));
    }

    [Fact]
    public async Task An_update_quoting_the_version_read_replaces_the_release_and_appends_its_entry()
    {
        var (release, submitted) = NewSubmitted();
        var added = await Store.AddAsync(release, submitted, default);
        var (approved, decision) = release.Decide(PressReleaseDecision.Approve, 1, Anna, T0.AddHours(1), "Bra.");

        var updated = await Store.UpdateAsync(approved, added.ETag, decision, default);

        Assert.NotEqual(added.ETag, updated.ETag);
        var read = await Store.GetAsync(PlanId, release.Id, default);
        Assert.Equal((PressReleaseState.Approved, updated.ETag), (read!.Value.State, read.ETag));
        Assert.Equal(approved.LastDecision, read.Value.LastDecision);
        Assert.Equal([submitted, decision], await Store.ListAuditAsync(PlanId, release.Id, default));
    }

    [Fact]
    public async Task An_update_quoting_an_old_version_is_refused_naming_the_current_one_and_writes_nothing()
    {
        var (release, submitted) = NewSubmitted();
        var added = await Store.AddAsync(release, submitted, default);
        var (approved, decision) = release.Decide(PressReleaseDecision.Approve, 1, Anna, T0, null);
        var current = await Store.UpdateAsync(approved, added.ETag, decision, default);
        var (rejected, late) = release.Decide(PressReleaseDecision.Reject, 1, Erik, T0, "Nej.");

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.UpdateAsync(rejected, added.ETag, late, default));

        Assert.Equal(current.ETag, conflict.CurrentETag);
        Assert.Equal(PressReleaseState.Approved, (await Store.GetAsync(PlanId, release.Id, default))!.Value.State);
        Assert.Equal([submitted, decision], await Store.ListAuditAsync(PlanId, release.Id, default));
    }

    [Fact]
    public async Task Of_two_deciders_writing_at_once_exactly_one_decision_is_recorded()
    {
        var (release, submitted) = NewSubmitted();
        var added = await Store.AddAsync(release, submitted, default);
        var (approved, approval) = release.Decide(PressReleaseDecision.Approve, 1, Anna, T0, null);
        var (rejected, rejection) = release.Decide(PressReleaseDecision.Reject, 1, Erik, T0, "Nej.");
        var other = _stores.Another();

        var outcomes = await Task.WhenAll(
            Attempt(() => Store.UpdateAsync(approved, added.ETag, approval, default)),
            Attempt(() => other.UpdateAsync(rejected, added.ETag, rejection, default)));

        Assert.Single(outcomes, o => o is null);
        Assert.Single(outcomes, o => o is ConcurrencyConflictException);
        var record = await Store.ListAuditAsync(PlanId, release.Id, default);
        Assert.Equal(2, record.Count);
        var winner = record[1];
        Assert.Equal(winner.StateAfter, (await Store.GetAsync(PlanId, release.Id, default))!.Value.State);
    }

    [Fact]
    public async Task Updating_a_release_that_does_not_exist_is_not_found()
    {
        var (release, entry) = NewSubmitted();

        await Assert.ThrowsAsync<NotFoundException>(() => Store.UpdateAsync(release, "\"1\"", entry, default));
    }

    [Fact]
    public async Task The_plan_record_lists_every_release_entry_in_the_order_written()
    {
        var (first, e1) = NewSubmitted("Först");
        var (second, e2) = NewSubmitted("Sedan");
        var a = await Store.AddAsync(first, e1, default);
        await Store.AddAsync(second, e2, default);
        var (withdrawn, e3) = first.Withdraw(Sara, T0.AddHours(2), "Inställt.");
        await Store.UpdateAsync(withdrawn, a.ETag, e3, default);

        var record = await Store.ListAuditAsync(PlanId, null, default);

        Assert.Equal([e1.Id, e2.Id, e3.Id], record.Select(e => e.Id));
        Assert.Equal("Inställt.", record[2].Comment);
        Assert.Equal(2, (await Store.ListAsync(PlanId, default)).Count);
    }

    private static async Task<Exception?> Attempt(Func<Task> write)
    {
        try
        {
            await write();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}

public sealed class SqlitePressReleaseTests : PressReleaseContract
{
    private AppDbContext _db = null!;

    protected override async Task<PressReleaseStoresUnderTest> CreateStoresAsync()
    {
        var (scope, owner) = await SqliteStorageTests.CreateScopeAsync();
        var scopes = scope.ServiceProvider.GetRequiredService<IServiceScopeFactory>();
        _db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return new PressReleaseStoresUnderTest(scope.ServiceProvider.GetRequiredService<IPressReleaseStore>(),
            () => scopes.CreateScope().ServiceProvider.GetRequiredService<IPressReleaseStore>(), owner);
    }

    [Fact]
    public async Task The_database_refuses_to_change_or_remove_a_recorded_adoption_whatever_code_asks()
    {
        var store = new SqlitePressReleaseStore(_db);
        var adoption = new AdoptionEntry(Guid.NewGuid(), PlanId, "Kommunikationsplan 2027.docx", "2.0", new Person(Guid.NewGuid(), "Anna Lindqvist"),
            new DateTimeOffset(2026, 5, 4, 9, 0, 0, TimeSpan.Zero));
        await store.AppendAdoptionAsync(adoption, default);

        var edit = await Assert.ThrowsAsync<SqliteException>(() => _db.Database.ExecuteSqlRawAsync("UPDATE plan_document_adoptions SET DocumentVersion = '9.0'"));
        var removal = await Assert.ThrowsAsync<SqliteException>(() => _db.Database.ExecuteSqlRawAsync("DELETE FROM plan_document_adoptions"));

        Assert.Contains("append-only", edit.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", removal.Message, StringComparison.Ordinal);
        Assert.Equal([adoption], await store.ListAdoptionsAsync(PlanId, default));
    }
}

public sealed class PostgresPressReleaseTests : PressReleaseContract
{
    protected override async Task<PressReleaseStoresUnderTest> CreateStoresAsync()
    {
        var (owner, sp) = await PostgresInstance.StartAsync();
        return new PressReleaseStoresUnderTest(sp.GetRequiredService<IPressReleaseStore>(),
            () => owner.Another().CreateScope().ServiceProvider.GetRequiredService<IPressReleaseStore>(), owner);
    }
}

/// <summary>The contract on the SharePoint adapter against the loopback Graph, provisioned first.</summary>
public sealed class GraphPressReleaseTests : PressReleaseContract
{
    protected override async Task<PressReleaseStoresUnderTest> CreateStoresAsync()
    {
        var environment = await GraphEnvironment.StartAsync();
        var app = await environment.CreateAppAsync();
        var report = await GraphEnvironment.ProvisionAsync(app);
        Assert.True(report.Succeeded, string.Join("; ", report.Failures));
        var scope = app.CreateAsyncScope();
        return new PressReleaseStoresUnderTest(scope.ServiceProvider.GetRequiredService<IPressReleaseStore>(),
            () => app.CreateScope().ServiceProvider.GetRequiredService<IPressReleaseStore>(), environment);
    }
}
