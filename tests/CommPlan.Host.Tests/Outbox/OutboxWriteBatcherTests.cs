using CommPlan.Application.Storage;
using CommPlan.Host.Outbox;
using CommPlan.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CommPlan.Host.Tests.Outbox;

/// <summary>Group commit of the outbox on a real SQLite file: writers that wait together are written together.</summary>
public sealed class OutboxWriteBatcherTests : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("commplan-batcher-");
    private ServiceProvider _services = null!;
    private EmbeddedStorageOptions _storage = null!;

    public async Task InitializeAsync()
    {
        _storage = new EmbeddedStorageOptions(Path.Combine(_folder.FullName, "app.db"), Path.Combine(_folder.FullName, "documents"));
        _services = new ServiceCollection().AddLogging().AddEmbeddedStorage(_storage).BuildServiceProvider();
        await SqliteStorage.MigrateAsync(_services, default);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        using (var connection = new SqliteConnection(_storage.ConnectionString)) SqliteConnection.ClearPool(connection);
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task Writers_waiting_while_a_commit_runs_go_in_the_next_commit_each_in_its_own_order()
    {
        const int writers = 40;
        var batcher = new OutboxWriteBatcher();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        using var scope = _services.CreateScope();
        var store = new CountingStore(scope.ServiceProvider.GetRequiredService<IOutboxStore>());
        // The first commit waits until every other writer is queued behind it.
        store.BeforeFirstCommit = async () =>
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (batcher.Waiting < writers - 1)
                await Task.Delay(5, deadline.Token).ContinueWith(t => t.IsCanceled
                    ? throw new TimeoutException($"Only {batcher.Waiting} of {writers - 1} writers queued within 30 s.") : t);
        };

        var first = Task.Run(() => batcher.WriteAsync(Entries(0), store.WriteAsync, time));
        while (store.Calls == 0) await Task.Yield();
        var rest = Enumerable.Range(1, writers - 1).Select(w => Task.Run(() => batcher.WriteAsync(Entries(w), store.WriteAsync, time))).ToList();
        var results = await Task.WhenAll([first, .. rest]).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, store.Calls);
        for (var w = 0; w < writers; w++)
        {
            Assert.Equal(Entries(w).Select(e => e.PayloadJson), results[w].Select(e => e.PayloadJson));
            Assert.All(results[w], e => Assert.Equal(OutboxState.Pending, e.State));
        }
        var all = await store.ListAsync();
        Assert.Equal(writers * 3, all.Count);
        // Each writer's three entries are in its conversation's queue in the order it gave them.
        for (var w = 0; w < writers; w++)
            Assert.Equal(Entries(w).Select(e => e.PayloadJson), all.Where(e => e.ConversationId == $"a:{w}").Select(e => e.PayloadJson));
    }

    [Fact]
    public async Task When_a_commit_fails_every_writer_in_it_is_told_and_nothing_of_it_is_written()
    {
        var batcher = new OutboxWriteBatcher();
        var time = new FakeTimeProvider();
        using var scope = _services.CreateScope();
        var store = new CountingStore(scope.ServiceProvider.GetRequiredService<IOutboxStore>()) { FailNext = true };

        var failure = await Assert.ThrowsAsync<IOException>(() => batcher.WriteAsync(Entries(1), store.WriteAsync, time));

        Assert.Equal("disk full", failure.Message);
        Assert.Empty(await store.ListAsync());
        // The next writer is not held up by the one that failed.
        Assert.Equal(3, (await batcher.WriteAsync(Entries(2), store.WriteAsync, time)).Count);
    }

    private static IReadOnlyList<NewOutboxEntry> Entries(int writer) =>
        [.. Enumerable.Range(1, 3).Select(i => new NewOutboxEntry($"a:{writer}", OutboxOperation.Send, $$"""{"type":"message","text":"{{writer}}.{{i}}"}"""))];

    /// <summary>The real store's range write, counted (and, for one test, held or failed before it starts).</summary>
    private sealed class CountingStore(IOutboxStore inner)
    {
        private int _calls;
        public int Calls => Volatile.Read(ref _calls);
        public Func<Task>? BeforeFirstCommit { get; set; }
        public bool FailNext { get; set; }

        public async Task<IReadOnlyList<OutboxEntry>> WriteAsync(IReadOnlyList<NewOutboxEntry> entries, DateTimeOffset at, CancellationToken ct)
        {
            if (Interlocked.Increment(ref _calls) == 1 && BeforeFirstCommit is { } hold) await hold();
            if (FailNext)
            {
                FailNext = false;
                throw new IOException("disk full");
            }
            return await inner.EnqueueRangeAsync(entries, at, ct);
        }

        public Task<IReadOnlyList<OutboxEntry>> ListAsync() => inner.ListAsync();
    }
}
