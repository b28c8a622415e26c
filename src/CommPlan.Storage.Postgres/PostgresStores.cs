using CommPlan.Application.Storage;
using CommPlan.Storage.Sqlite;
using CommPlan.Storage.Sqlite.Model;
using Microsoft.EntityFrameworkCore;

namespace CommPlan.Storage.Postgres;

/// <summary>
/// Serialises work on one key across every instance of the app: a session-level advisory lock held on the context's
/// connection for the duration of <paramref name="work"/>, so the shared stores' own transactions run inside it.
/// </summary>
internal static class AdvisoryLock
{
    public static async Task<T> WithLockAsync<T>(AppDbContext db, string key, Func<Task<T>> work, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock(hashtextextended({key}, 0))", ct);
            try
            {
                return await work();
            }
            finally
            {
                // Released even when the work was cancelled: the connection goes back to the pool.
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock(hashtextextended({key}, 0))", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

/// <summary>
/// Conversations on PostgreSQL: the shared store, with concurrent upserts of one conversation (from any instance)
/// made one-after-the-other by an advisory lock on its id, as SQLite's single writer does on the embedded default.
/// </summary>
public sealed class PostgresConversationStore(AppDbContext db) : IConversationStore
{
    private readonly SqliteConversationStore _shared = new(db);

    public Task<ConversationRecord?> GetAsync(string conversationId, CancellationToken ct = default) => _shared.GetAsync(conversationId, ct);

    public Task<ConversationState?> UpsertAsync(ConversationRecord record, CancellationToken ct = default) =>
        AdvisoryLock.WithLockAsync(db, "conversation:" + record.ConversationId, () => _shared.UpsertAsync(record, ct), ct);

    public Task SetStateAsync(string conversationId, ConversationState state, string? reason, DateTimeOffset at, CancellationToken ct = default) =>
        _shared.SetStateAsync(conversationId, state, reason, at, ct);

    /// <summary>Under the conversation's lock, so that an instance recording a new activity cannot slip in between the check and the write.</summary>
    public Task<bool> SetStateIfUnchangedAsync(string conversationId, ConversationState state, string? reason, DateTimeOffset seenUpdatedAt,
        DateTimeOffset at, CancellationToken ct = default) =>
        AdvisoryLock.WithLockAsync(db, "conversation:" + conversationId, () => _shared.SetStateIfUnchangedAsync(conversationId, state, reason, seenUpdatedAt, at, ct), ct);

    public Task<ConversationRecord?> FindPersonalAsync(string userAadObjectId, CancellationToken ct = default) => _shared.FindPersonalAsync(userAadObjectId, ct);

    public Task<IReadOnlyList<ConversationRecord>> ListAsync(ConversationState? state = null, CancellationToken ct = default) => _shared.ListAsync(state, ct);
}

/// <summary>The list cache on PostgreSQL: two instances syncing one list apply their changes one after the other.</summary>
public sealed class PostgresSyncStateStore(AppDbContext db) : ISyncStateStore
{
    private readonly SqliteSyncStateStore _shared = new(db);

    public Task<string?> GetDeltaLinkAsync(string list, CancellationToken ct) => _shared.GetDeltaLinkAsync(list, ct);

    public Task<IReadOnlyList<SyncedItem>> ListAsync(string list, string? partition, CancellationToken ct) => _shared.ListAsync(list, partition, ct);

    public Task<SyncedItem?> FindByKeyAsync(string list, string key, CancellationToken ct) => _shared.FindByKeyAsync(list, key, ct);

    public Task ApplyAsync(string list, IReadOnlyCollection<SyncedItem> upserts, IReadOnlyCollection<string> deletedItemIds, string? deltaLink, CancellationToken ct) =>
        AdvisoryLock.WithLockAsync(db, "sync:" + list, async () =>
        {
            await _shared.ApplyAsync(list, upserts, deletedItemIds, deltaLink, ct);
            return true;
        }, ct);

    public Task ResetAsync(string list, CancellationToken ct) => _shared.ResetAsync(list, ct);
}
