using CommPlan.Application.Storage;
using CommPlan.Storage.Sqlite;
using CommPlan.Storage.Sqlite.Model;
using Microsoft.EntityFrameworkCore;

namespace CommPlan.Storage.Postgres;

/// <summary>
/// The outbox shared by several instances. A claim is database-wide: the entry is Sending, claimed by this instance
/// until its lease runs out, taken with <c>FOR UPDATE SKIP LOCKED</c> so that two instances never both win it and
/// never wait on each other. Only a conversation's head (its oldest unfinished entry) can be claimed, so a
/// conversation has at most one send in flight across all instances, in order. An instance that dies leaves its
/// claims Sending; when their leases run out they are due again and another instance takes them over.
/// </summary>
public sealed class PostgresOutboxStore(AppDbContext db, PostgresStateOptions options) : IOutboxStore
{
    private readonly SqliteOutboxStore _shared = new(db);

    private string Me => options.InstanceId;

    private IQueryable<long> Heads => db.Outbox.Where(o => o.State == OutboxState.Pending || o.State == OutboxState.Sending)
        .GroupBy(o => o.ConversationId).Select(g => g.Min(o => o.Sequence));

    public Task<OutboxEntry> EnqueueAsync(NewOutboxEntry entry, DateTimeOffset at, CancellationToken ct = default) => _shared.EnqueueAsync(entry, at, ct);

    public Task<IReadOnlyList<OutboxEntry>> EnqueueRangeAsync(IReadOnlyList<NewOutboxEntry> entries, DateTimeOffset at, CancellationToken ct = default) =>
        _shared.EnqueueRangeAsync(entries, at, ct);

    public Task<OutboxEntry?> GetAsync(Guid id, CancellationToken ct = default) => _shared.GetAsync(id, ct);

    /// <summary>Pending heads that are due, and heads whose claim has expired (their instance is gone).</summary>
    public async Task<IReadOnlyList<OutboxEntry>> ListDueAsync(DateTimeOffset now, int max, CancellationToken ct = default)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var heads = Heads;
        var ids = await db.Outbox.AsNoTracking()
            .Where(o => heads.Contains(o.Sequence))
            .Where(o => (o.State == OutboxState.Pending && o.NextAttemptAtMs <= nowMs) || (o.State == OutboxState.Sending && o.LeaseUntilMs <= nowMs))
            .OrderBy(o => o.State == OutboxState.Pending ? o.NextAttemptAtMs : o.LeaseUntilMs).ThenBy(o => o.Sequence)
            .Take(max).Select(o => o.Id).ToListAsync(ct);
        var entries = new List<OutboxEntry>(ids.Count);
        foreach (var id in ids)
            if (await _shared.GetAsync(id, ct) is { } entry) entries.Add(entry);
        return entries;
    }

    /// <summary>
    /// The next Pending head's time, or the end of another instance's claim on a head: that is when the entry must
    /// be taken over if that instance has died. This instance's own sends are not counted.
    /// </summary>
    public async Task<DateTimeOffset?> NextDueAtAsync(CancellationToken ct = default)
    {
        var heads = Heads;
        var me = Me;
        var next = await db.Outbox
            .Where(o => heads.Contains(o.Sequence))
            .Where(o => o.State == OutboxState.Pending || (o.State == OutboxState.Sending && o.ClaimedBy != me && o.LeaseUntilMs != null))
            .MinAsync(o => (long?)(o.State == OutboxState.Pending ? o.NextAttemptAtMs : o.LeaseUntilMs), ct);
        return next is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    public async Task<OutboxEntry?> ClaimAsync(Guid id, DateTimeOffset at, CancellationToken ct = default)
    {
        var atMs = at.ToUnixTimeMilliseconds();
        var until = atMs + (long)options.ClaimLease.TotalMilliseconds;
        var takenOver = "Interrupted while sending (its instance stopped); it may have reached Teams already.";
        // One statement: the row is locked (or skipped when another instance holds it), checked to be its
        // conversation's head and Pending or abandoned, and claimed for this instance until the lease ends.
        var claimed = await db.Database.ExecuteSqlAsync($"""
            UPDATE outbox SET
                "State" = 'Sending', "Attempts" = "Attempts" + 1, "UpdatedAt" = {at},
                "ClaimedBy" = {Me}, "LeaseUntilMs" = {until}, "NextAttemptAtMs" = {atMs},
                "LastError" = CASE WHEN "State" = 'Sending' THEN {takenOver} ELSE "LastError" END
            WHERE "Sequence" = (
                SELECT o."Sequence" FROM outbox o
                WHERE o."Id" = {id}
                  AND (o."State" = 'Pending' OR (o."State" = 'Sending' AND o."LeaseUntilMs" <= {atMs}))
                  AND NOT EXISTS (
                      SELECT 1 FROM outbox e
                      WHERE e."ConversationId" = o."ConversationId" AND e."Sequence" < o."Sequence"
                        AND e."State" IN ('Pending', 'Sending'))
                FOR UPDATE SKIP LOCKED)
            """, ct);
        return claimed == 0 ? null : await _shared.GetAsync(id, ct);
    }

    /// <summary>
    /// At start: this instance's own claims and claims whose lease has run out become Pending and due. Claims another
    /// live instance holds are left alone, or a starting instance would send what a running one is sending.
    /// </summary>
    public Task<int> ReleaseInterruptedAsync(DateTimeOffset at, CancellationToken ct = default)
    {
        var atMs = at.ToUnixTimeMilliseconds();
        var me = Me;
        return db.Outbox.Where(o => o.State == OutboxState.Sending && (o.ClaimedBy == me || o.ClaimedBy == null || o.LeaseUntilMs <= atMs))
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.State, OutboxState.Pending)
                .SetProperty(o => o.NextAttemptAtMs, atMs)
                .SetProperty(o => o.ClaimedBy, (string?)null)
                .SetProperty(o => o.LeaseUntilMs, (long?)null)
                .SetProperty(o => o.LastError, "Interrupted while sending (restart); it may have reached Teams already.")
                .SetProperty(o => o.UpdatedAt, at), ct);
    }

    public Task MarkSentAsync(Guid id, string? sentActivityId, DateTimeOffset at, CancellationToken ct = default) =>
        _shared.MarkSentAsync(id, sentActivityId, at, ct);

    /// <summary>Only while this instance still holds the claim: one taken over meanwhile is the other instance's to record.</summary>
    public Task RetryLaterAsync(Guid id, DateTimeOffset nextAttemptAt, string error, DateTimeOffset at, CancellationToken ct = default)
    {
        var me = Me;
        return db.Outbox.Where(o => o.Id == id && o.State == OutboxState.Sending && o.ClaimedBy == me)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.State, OutboxState.Pending)
                .SetProperty(o => o.NextAttemptAtMs, nextAttemptAt.ToUnixTimeMilliseconds())
                .SetProperty(o => o.ClaimedBy, (string?)null)
                .SetProperty(o => o.LeaseUntilMs, (long?)null)
                .SetProperty(o => o.LastError, error)
                .SetProperty(o => o.UpdatedAt, at), ct);
    }

    public Task MarkFailedAsync(Guid id, string error, DateTimeOffset at, CancellationToken ct = default) => _shared.MarkFailedAsync(id, error, at, ct);

    public Task<int> MarkConversationDeadAsync(string conversationId, string reason, DateTimeOffset at, CancellationToken ct = default) =>
        _shared.MarkConversationDeadAsync(conversationId, reason, at, ct);

    public Task<string?> FindSentActivityIdAsync(string correlationKey, CancellationToken ct = default) => _shared.FindSentActivityIdAsync(correlationKey, ct);

    public Task<IReadOnlyList<OutboxEntry>> ListAsync(string? conversationId = null, CancellationToken ct = default) => _shared.ListAsync(conversationId, ct);

    public Task MarkDeadAsync(Guid id, string reason, DateTimeOffset at, CancellationToken ct = default) => _shared.MarkDeadAsync(id, reason, at, ct);

    public Task<IReadOnlyList<OutboxEntry>> ListFailedAsync(int max, CancellationToken ct = default) => _shared.ListFailedAsync(max, ct);

    public Task<int> CountFailedAsync(CancellationToken ct = default) => _shared.CountFailedAsync(ct);

    public Task<int> RequeueFailedAsync(IReadOnlyCollection<Guid>? ids, DateTimeOffset at, CancellationToken ct = default) => _shared.RequeueFailedAsync(ids, at, ct);

    /// <summary>Every instance's sends: a starting instance paces by what all of them sent, which errs on the safe side.</summary>
    public Task<IReadOnlyList<OutboxAttempt>> ListAttemptsSinceAsync(DateTimeOffset since, CancellationToken ct = default) => _shared.ListAttemptsSinceAsync(since, ct);
}
