namespace CommPlan.Application.Storage;

/// <summary>What an outbox entry does to its conversation.</summary>
public enum OutboxOperation { Send, Update, Delete }

/// <summary>
/// Pending: waiting (possibly for a retry time). Sending: claimed, and committed as such before the request went out.
/// Sent and Dead are final: Dead means the conversation cannot be reached. Failed gave up with a reason, and stays so
/// until someone puts it back in the queue (<see cref="IOutboxStore.RequeueFailedAsync"/>).
/// </summary>
public enum OutboxState { Pending, Sending, Sent, Failed, Dead }

/// <summary>An entry to write: the outgoing activity as opaque JSON, so the port stays free of any protocol.</summary>
/// <param name="CorrelationKey">Names a Send so that a later Update or Delete can target it (e.g. "approval:{id}").</param>
/// <param name="TargetActivityId">For Update and Delete: the activity to change, when known.</param>
/// <param name="TargetCorrelationKey">For Update and Delete: the earlier Send whose recorded activity id is the target.</param>
public sealed record NewOutboxEntry(
    string ConversationId, OutboxOperation Operation, string PayloadJson,
    string? CorrelationKey = null, string? TargetActivityId = null, string? TargetCorrelationKey = null);

/// <summary>
/// A request that went to Teams: its conversation, and when its answer was recorded (<paramref name="Answered"/>) or,
/// for one still Sending (in flight when the app stopped), when it was claimed.
/// </summary>
public sealed record OutboxAttempt(string ConversationId, DateTimeOffset At, bool Answered = true);

/// <summary>
/// A message on its way out. <see cref="Sequence"/> orders the entries of a conversation: only the oldest unfinished
/// entry of a conversation is ever due, so a conversation receives its messages in the order they were written.
/// </summary>
public sealed record OutboxEntry(
    Guid Id, long Sequence, string ConversationId, OutboxOperation Operation, string PayloadJson,
    string? CorrelationKey, string? TargetActivityId, string? TargetCorrelationKey,
    OutboxState State, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt,
    string? SentActivityId, string? LastError, DateTimeOffset UpdatedAt)
{
    public bool IsFinished => State is OutboxState.Sent or OutboxState.Failed or OutboxState.Dead;
}

/// <summary>
/// The persistent outbox: callers write entries; a sender claims the due ones, sends them and records the outcome.
/// It lives in the app's own database whatever the plan store is.
/// </summary>
public interface IOutboxStore
{
    /// <summary>Writes a Pending entry, due at <paramref name="at"/>, behind every earlier entry of its conversation.</summary>
    Task<OutboxEntry> EnqueueAsync(NewOutboxEntry entry, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>
    /// Writes several Pending entries in one transaction, in the order given (each behind every earlier entry of its
    /// conversation): all are written or none. One commit for many writers is what keeps the door fast.
    /// </summary>
    Task<IReadOnlyList<OutboxEntry>> EnqueueRangeAsync(IReadOnlyList<NewOutboxEntry> entries, DateTimeOffset at, CancellationToken ct = default);

    Task<OutboxEntry?> GetAsync(Guid id, CancellationToken ct = default);

    /// <summary>
    /// The due entries, oldest due first: per conversation only its oldest unfinished entry, and only when that one is
    /// Pending with its next attempt time reached. A conversation with an entry in Sending has nothing due.
    /// </summary>
    Task<IReadOnlyList<OutboxEntry>> ListDueAsync(DateTimeOffset now, int max, CancellationToken ct = default);

    /// <summary>When the next entry falls due (null: nothing is waiting). Entries in Sending are not counted.</summary>
    Task<DateTimeOffset?> NextDueAtAsync(CancellationToken ct = default);

    /// <summary>
    /// Marks a Pending entry Sending, counts the attempt and records <paramref name="at"/> as the time of the attempt,
    /// committed before the caller sends it.
    /// </summary>
    /// <returns>The claimed entry, or null when it was not Pending any more (claimed elsewhere, or finished).</returns>
    Task<OutboxEntry?> ClaimAsync(Guid id, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>
    /// After a crash or restart: entries left in Sending become Pending and due at once. They are the only ones that
    /// may have reached Teams already, and the only ones that can be sent twice.
    /// </summary>
    /// <returns>How many entries were left in Sending.</returns>
    Task<int> ReleaseInterruptedAsync(DateTimeOffset at, CancellationToken ct = default);

    /// <summary>Records success and, for a Send, the activity id Teams assigned (needed to update the card later).</summary>
    Task MarkSentAsync(Guid id, string? sentActivityId, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>Puts a claimed entry back to Pending, due at <paramref name="nextAttemptAt"/>; the conversation waits with it.</summary>
    Task RetryLaterAsync(Guid id, DateTimeOffset nextAttemptAt, string error, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>Gives up on the entry with the reason; later entries of the conversation go on.</summary>
    Task MarkFailedAsync(Guid id, string error, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>Marks every unfinished entry of the conversation Dead with the reason; they are never sent.</summary>
    /// <returns>How many entries were marked.</returns>
    Task<int> MarkConversationDeadAsync(string conversationId, string reason, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>The activity id recorded for the latest Sent entry with this correlation key, or null.</summary>
    Task<string?> FindSentActivityIdAsync(string correlationKey, CancellationToken ct = default);

    /// <summary>The entries of a conversation (or all entries), in sequence order.</summary>
    Task<IReadOnlyList<OutboxEntry>> ListAsync(string? conversationId = null, CancellationToken ct = default);

    /// <summary>Marks one entry Dead with the reason; the conversation's later entries are judged on their own.</summary>
    Task MarkDeadAsync(Guid id, string reason, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>The Failed entries, oldest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<OutboxEntry>> ListFailedAsync(int max, CancellationToken ct = default);

    /// <summary>How many entries are Failed (given up and not put back in the queue).</summary>
    Task<int> CountFailedAsync(CancellationToken ct = default);

    /// <summary>
    /// Puts Failed entries (those named, or all when <paramref name="ids"/> is null) back in the queue: Pending, due at
    /// <paramref name="at"/>, with no attempts counted, and <see cref="OutboxEntry.CreatedAt"/> set to
    /// <paramref name="at"/> so that the retry horizon starts again. Each keeps its place in its conversation.
    /// </summary>
    /// <returns>How many entries were put back.</returns>
    Task<int> RequeueFailedAsync(IReadOnlyCollection<Guid>? ids, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>
    /// The requests made since <paramref name="since"/>: entries claimed since then that are Sending, Sent, Failed or
    /// Dead, each at the time its answer was recorded (Teams counted it by then), or claimed if it is still Sending.
    /// What Teams counted recently, for a restarted sender to pace by.
    /// </summary>
    Task<IReadOnlyList<OutboxAttempt>> ListAttemptsSinceAsync(DateTimeOffset since, CancellationToken ct = default);
}
