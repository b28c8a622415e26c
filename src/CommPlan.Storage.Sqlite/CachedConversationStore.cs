using System.Collections.Concurrent;
using CommPlan.Application.Storage;

namespace CommPlan.Storage.Sqlite;

/// <summary>
/// The conversation records this instance has read, kept in memory: the bot door reads the record of every activity's
/// conversation, and that read cost more than the rest of a turn. Only for the embedded default, where this instance
/// is the only writer: every write goes through <see cref="CachedConversationStore"/> and drops the record it
/// changes. (With several instances on PostgreSQL another instance may change a record, so nothing is cached there.)
/// </summary>
public sealed class ConversationRecordCache
{
    private readonly ConcurrentDictionary<string, ConversationRecord> _records = new(StringComparer.Ordinal);
    private long _generation;

    internal bool TryGet(string conversationId, out ConversationRecord record) => _records.TryGetValue(conversationId, out record!);

    /// <summary>Read before the database is asked, so that a read racing a write cannot put back what the write changed.</summary>
    internal long Generation => Interlocked.Read(ref _generation);

    internal void Remember(ConversationRecord record, long generationBeforeRead)
    {
        _records[record.ConversationId] = record;
        // A write landed while the database was read: what was read may be older than it.
        if (Generation != generationBeforeRead) _records.TryRemove(record.ConversationId, out _);
    }

    internal void Forget(string conversationId)
    {
        Interlocked.Increment(ref _generation);
        _records.TryRemove(conversationId, out _);
    }
}

/// <summary>The conversation store with reads of single records answered from <see cref="ConversationRecordCache"/>.</summary>
public sealed class CachedConversationStore(SqliteConversationStore inner, ConversationRecordCache cache) : IConversationStore
{
    public async Task<ConversationRecord?> GetAsync(string conversationId, CancellationToken ct = default)
    {
        if (cache.TryGet(conversationId, out var cached)) return cached;
        var generation = cache.Generation;
        var record = await inner.GetAsync(conversationId, ct);
        if (record is not null) cache.Remember(record, generation);
        return record;
    }

    public async Task<ConversationState?> UpsertAsync(ConversationRecord record, CancellationToken ct = default)
    {
        try { return await inner.UpsertAsync(record, ct); }
        finally { cache.Forget(record.ConversationId); }
    }

    public async Task SetStateAsync(string conversationId, ConversationState state, string? reason, DateTimeOffset at, CancellationToken ct = default)
    {
        try { await inner.SetStateAsync(conversationId, state, reason, at, ct); }
        finally { cache.Forget(conversationId); }
    }

    public async Task<bool> SetStateIfUnchangedAsync(string conversationId, ConversationState state, string? reason, DateTimeOffset seenUpdatedAt,
        DateTimeOffset at, CancellationToken ct = default)
    {
        try { return await inner.SetStateIfUnchangedAsync(conversationId, state, reason, seenUpdatedAt, at, ct); }
        finally { cache.Forget(conversationId); }
    }

    public Task<ConversationRecord?> FindPersonalAsync(string userAadObjectId, CancellationToken ct = default) => inner.FindPersonalAsync(userAadObjectId, ct);

    public Task<IReadOnlyList<ConversationRecord>> ListAsync(ConversationState? state = null, CancellationToken ct = default) => inner.ListAsync(state, ct);
}
