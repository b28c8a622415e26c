using CommPlan.Application.Storage;
using CommPlan.Storage.Sqlite.Model;
using Microsoft.EntityFrameworkCore;

namespace CommPlan.Storage.Sqlite;

public sealed class SqliteConversationStore(AppDbContext db) : IConversationStore
{
    public async Task<ConversationRecord?> GetAsync(string conversationId, CancellationToken ct = default) =>
        ToRecord(await db.Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.ConversationId == conversationId, ct));

    public async Task<ConversationState?> UpsertAsync(ConversationRecord record, CancellationToken ct = default)
    {
        // An immediate transaction takes the write lock before reading, so concurrent upserts (Teams sends
        // installationUpdate and conversationUpdate together) run one after the other.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var row = await db.Conversations.FirstOrDefaultAsync(c => c.ConversationId == record.ConversationId, ct);
        var before = row?.State;
        if (row is null) db.Conversations.Add(row = new ConversationRow { ConversationId = record.ConversationId });
        row.ServiceUrl = record.ServiceUrl;
        row.TenantId = record.TenantId;
        row.Kind = record.Kind;
        row.BotId = record.BotId;
        row.UserId = record.UserId;
        row.UserAadObjectId = record.UserAadObjectId;
        row.TeamId = record.TeamId;
        row.Name = record.Name;
        row.Locale = record.Locale;
        row.State = record.State;
        row.StateReason = record.StateReason;
        row.UpdatedAt = record.UpdatedAt;
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return before;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    public Task SetStateAsync(string conversationId, ConversationState state, string? reason, DateTimeOffset at, CancellationToken ct = default) =>
        db.Conversations.Where(c => c.ConversationId == conversationId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.State, state).SetProperty(c => c.StateReason, reason).SetProperty(c => c.UpdatedAt, at), ct);

    public async Task<bool> SetStateIfUnchangedAsync(string conversationId, ConversationState state, string? reason, DateTimeOffset seenUpdatedAt,
        DateTimeOffset at, CancellationToken ct = default) =>
        await db.Conversations.Where(c => c.ConversationId == conversationId && c.UpdatedAt == seenUpdatedAt)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.State, state).SetProperty(c => c.StateReason, reason).SetProperty(c => c.UpdatedAt, at), ct) > 0;

    public async Task<ConversationRecord?> FindPersonalAsync(string userAadObjectId, CancellationToken ct = default)
    {
        var rows = await db.Conversations.AsNoTracking()
            .Where(c => c.UserAadObjectId == userAadObjectId && c.Kind == ConversationKind.Personal).ToListAsync(ct);
        // An active conversation wins over a removed or dead one; among equals, the latest seen.
        return ToRecord(rows.OrderBy(r => r.State == ConversationState.Active ? 0 : 1).ThenByDescending(r => r.UpdatedAt).FirstOrDefault());
    }

    public async Task<IReadOnlyList<ConversationRecord>> ListAsync(ConversationState? state = null, CancellationToken ct = default)
    {
        var query = db.Conversations.AsNoTracking();
        if (state is { } s) query = query.Where(c => c.State == s);
        return (await query.OrderBy(c => c.ConversationId).ToListAsync(ct)).Select(r => ToRecord(r)!).ToArray();
    }

    private static ConversationRecord? ToRecord(ConversationRow? r) => r is null ? null : new ConversationRecord(
        r.ConversationId, r.ServiceUrl, r.TenantId, r.Kind, r.BotId, r.UserId, r.UserAadObjectId, r.TeamId, r.Name, r.Locale,
        r.State, r.StateReason, r.UpdatedAt);
}

public sealed class SqliteOutboxStore(AppDbContext db) : IOutboxStore
{
    private IQueryable<OutboxRow> Unfinished => db.Outbox.Where(o => o.State == OutboxState.Pending || o.State == OutboxState.Sending);

    /// <summary>The sequence of each conversation's oldest unfinished entry.</summary>
    private IQueryable<long> Heads => Unfinished.GroupBy(o => o.ConversationId).Select(g => g.Min(o => o.Sequence));

    public async Task<OutboxEntry> EnqueueAsync(NewOutboxEntry entry, DateTimeOffset at, CancellationToken ct = default) =>
        (await EnqueueRangeAsync([entry], at, ct))[0];

    public async Task<IReadOnlyList<OutboxEntry>> EnqueueRangeAsync(IReadOnlyList<NewOutboxEntry> entries, DateTimeOffset at, CancellationToken ct = default)
    {
        var rows = entries.Select(entry => NewRow(entry, at)).ToList();
        if (rows.Count == 0) return [];
        try
        {
            if (rows.Count == 1)
            {
                db.Outbox.Add(rows[0]);
                await db.SaveChangesAsync(ct);
            }
            else
            {
                // One insert per row inside one transaction: EF Core may reorder the inserts of one SaveChanges, and the
                // sequence each row gets is its place in its conversation's queue.
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                foreach (var row in rows)
                {
                    db.Outbox.Add(row);
                    await db.SaveChangesAsync(ct);
                }
                await transaction.CommitAsync(ct);
            }
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
        return rows.Select(ToEntry).ToList();
    }

    /// <summary>A Pending row for the entry, due at <paramref name="at"/>; for stores that write it in their own transaction.</summary>
    internal static OutboxRow NewRow(NewOutboxEntry entry, DateTimeOffset at) =>
        new()
        {
            Id = Guid.NewGuid(),
            ConversationId = entry.ConversationId,
            Operation = entry.Operation,
            PayloadJson = entry.PayloadJson,
            CorrelationKey = entry.CorrelationKey,
            TargetActivityId = entry.TargetActivityId,
            TargetCorrelationKey = entry.TargetCorrelationKey,
            State = OutboxState.Pending,
            CreatedAt = at,
            UpdatedAt = at,
            NextAttemptAtMs = at.ToUnixTimeMilliseconds(),
        };

    public async Task<OutboxEntry?> GetAsync(Guid id, CancellationToken ct = default)
    {
        var row = await db.Outbox.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
        return row is null ? null : ToEntry(row);
    }

    public async Task<IReadOnlyList<OutboxEntry>> ListDueAsync(DateTimeOffset now, int max, CancellationToken ct = default)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var heads = Heads;
        var rows = await db.Outbox.AsNoTracking()
            .Where(o => o.State == OutboxState.Pending && o.NextAttemptAtMs <= nowMs && heads.Contains(o.Sequence))
            .OrderBy(o => o.NextAttemptAtMs).ThenBy(o => o.Sequence).Take(max).ToListAsync(ct);
        return rows.Select(ToEntry).ToArray();
    }

    public async Task<DateTimeOffset?> NextDueAtAsync(CancellationToken ct = default)
    {
        var heads = Heads;
        var next = await db.Outbox.Where(o => o.State == OutboxState.Pending && heads.Contains(o.Sequence))
            .MinAsync(o => (long?)o.NextAttemptAtMs, ct);
        return next is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    public async Task<OutboxEntry?> ClaimAsync(Guid id, DateTimeOffset at, CancellationToken ct = default)
    {
        // Only the conversation's head can be claimed, and only once: the condition, the write and the read of the
        // claimed row are one statement. It runs for every send, so it is written out rather than composed by LINQ.
        // NextAttemptAtMs is not a due time while Sending: it keeps when the request went out, for ListAttemptsSinceAsync.
        var atMs = at.ToUnixTimeMilliseconds();
        var rows = await db.Outbox.FromSql($"""
            UPDATE outbox SET "State" = 'Sending', "Attempts" = "Attempts" + 1, "NextAttemptAtMs" = {atMs}, "UpdatedAt" = {at}
            WHERE "Id" = {id} AND "State" = 'Pending'
              AND NOT EXISTS (
                  SELECT 1 FROM outbox e
                  WHERE e."ConversationId" = outbox."ConversationId" AND e."Sequence" < outbox."Sequence"
                    AND e."State" IN ('Pending', 'Sending'))
            RETURNING *
            """).AsNoTracking().ToListAsync(ct);
        return rows.Count == 0 ? null : ToEntry(rows[0]);
    }

    public Task<int> ReleaseInterruptedAsync(DateTimeOffset at, CancellationToken ct = default) =>
        db.Outbox.Where(o => o.State == OutboxState.Sending)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.State, OutboxState.Pending)
                .SetProperty(o => o.NextAttemptAtMs, at.ToUnixTimeMilliseconds())
                .SetProperty(o => o.LastError, "Interrupted while sending (restart); it may have reached Teams already.")
                .SetProperty(o => o.UpdatedAt, at), ct);

    // Once per send: written out rather than composed by LINQ. Plain SQL that PostgreSQL runs as well.
    public Task MarkSentAsync(Guid id, string? sentActivityId, DateTimeOffset at, CancellationToken ct = default) =>
        db.Database.ExecuteSqlAsync($"""
            UPDATE outbox SET "State" = 'Sent', "SentActivityId" = {sentActivityId}, "LastError" = NULL, "UpdatedAt" = {at}
            WHERE "Id" = {id}
            """, ct);

    public Task RetryLaterAsync(Guid id, DateTimeOffset nextAttemptAt, string error, DateTimeOffset at, CancellationToken ct = default) =>
        db.Outbox.Where(o => o.Id == id && o.State == OutboxState.Sending)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.State, OutboxState.Pending)
                .SetProperty(o => o.NextAttemptAtMs, nextAttemptAt.ToUnixTimeMilliseconds())
                .SetProperty(o => o.LastError, error)
                .SetProperty(o => o.UpdatedAt, at), ct);

    public Task MarkFailedAsync(Guid id, string error, DateTimeOffset at, CancellationToken ct = default) =>
        db.Outbox.Where(o => o.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.State, OutboxState.Failed)
                .SetProperty(o => o.LastError, error)
                .SetProperty(o => o.UpdatedAt, at), ct);

    public Task<int> MarkConversationDeadAsync(string conversationId, string reason, DateTimeOffset at, CancellationToken ct = default) =>
        Unfinished.Where(o => o.ConversationId == conversationId)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.State, OutboxState.Dead)
                .SetProperty(o => o.LastError, reason)
                .SetProperty(o => o.UpdatedAt, at), ct);

    public Task<string?> FindSentActivityIdAsync(string correlationKey, CancellationToken ct = default) =>
        db.Outbox.Where(o => o.CorrelationKey == correlationKey && o.State == OutboxState.Sent && o.Operation == OutboxOperation.Send)
            .OrderByDescending(o => o.Sequence).Select(o => o.SentActivityId).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<OutboxEntry>> ListAsync(string? conversationId = null, CancellationToken ct = default)
    {
        var query = db.Outbox.AsNoTracking();
        if (conversationId is not null) query = query.Where(o => o.ConversationId == conversationId);
        return (await query.OrderBy(o => o.Sequence).ToListAsync(ct)).Select(ToEntry).ToArray();
    }

    public Task MarkDeadAsync(Guid id, string reason, DateTimeOffset at, CancellationToken ct = default) =>
        db.Outbox.Where(o => o.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.State, OutboxState.Dead)
                .SetProperty(o => o.LastError, reason)
                .SetProperty(o => o.UpdatedAt, at), ct);

    public async Task<IReadOnlyList<OutboxEntry>> ListFailedAsync(int max, CancellationToken ct = default) =>
        (await db.Outbox.AsNoTracking().Where(o => o.State == OutboxState.Failed).OrderBy(o => o.Sequence).Take(max).ToListAsync(ct))
            .Select(ToEntry).ToArray();

    public Task<int> CountFailedAsync(CancellationToken ct = default) => db.Outbox.CountAsync(o => o.State == OutboxState.Failed, ct);

    public Task<int> RequeueFailedAsync(IReadOnlyCollection<Guid>? ids, DateTimeOffset at, CancellationToken ct = default)
    {
        var failed = db.Outbox.Where(o => o.State == OutboxState.Failed);
        if (ids is not null) failed = failed.Where(o => ids.Contains(o.Id));
        return failed.ExecuteUpdateAsync(s => s.SetProperty(o => o.State, OutboxState.Pending)
            .SetProperty(o => o.Attempts, 0)
            .SetProperty(o => o.CreatedAt, at)
            .SetProperty(o => o.NextAttemptAtMs, at.ToUnixTimeMilliseconds())
            .SetProperty(o => o.UpdatedAt, at), ct);
    }

    public async Task<IReadOnlyList<OutboxAttempt>> ListAttemptsSinceAsync(DateTimeOffset since, CancellationToken ct = default)
    {
        var sinceMs = since.ToUnixTimeMilliseconds();
        var rows = await db.Outbox.AsNoTracking()
            .Where(o => o.Attempts > 0 && o.State != OutboxState.Pending && o.NextAttemptAtMs >= sinceMs)
            .OrderBy(o => o.NextAttemptAtMs)
            .Select(o => new { o.ConversationId, o.NextAttemptAtMs, o.State, o.UpdatedAt }).ToListAsync(ct);
        return rows.Select(r =>
        {
            var claimed = DateTimeOffset.FromUnixTimeMilliseconds(r.NextAttemptAtMs);
            return r.State == OutboxState.Sending
                ? new OutboxAttempt(r.ConversationId, claimed, Answered: false)
                // The answer's time, not the claim's: Teams counts a request when it arrives, which may be any time
                // until the answer is back.
                : new OutboxAttempt(r.ConversationId, r.UpdatedAt > claimed ? r.UpdatedAt : claimed);
        }).ToArray();
    }

    private static OutboxEntry ToEntry(OutboxRow r) => new(
        r.Id, r.Sequence, r.ConversationId, r.Operation, r.PayloadJson, r.CorrelationKey, r.TargetActivityId, r.TargetCorrelationKey,
        r.State, r.Attempts, r.CreatedAt, DateTimeOffset.FromUnixTimeMilliseconds(r.NextAttemptAtMs), r.SentActivityId, r.LastError, r.UpdatedAt);
}
