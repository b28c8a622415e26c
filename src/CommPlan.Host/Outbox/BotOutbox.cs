using System.Text.Json;
using CommPlan.Application.Storage;
using CommPlan.Teams.Schema;

namespace CommPlan.Host.Outbox;

/// <summary>
/// Where the app's outgoing activities go: each is written to the persistent outbox and delivered by the
/// <see cref="OutboxSender"/>, in order per conversation, within the Teams rate limits, surviving restarts.
/// </summary>
public sealed class BotOutbox(IOutboxStore store, OutboxWriteBatcher batcher, OutboxSignal signal, TimeProvider time)
{
    /// <summary>Queues a new activity for the conversation.</summary>
    /// <param name="correlationKey">Names the message (e.g. "approval:{id}") so that it can be updated or deleted later.</param>
    /// <returns>The outbox entry's id.</returns>
    public Task<Guid> SendAsync(string conversationId, Activity activity, string? correlationKey = null, CancellationToken ct = default) =>
        EnqueueAsync(new NewOutboxEntry(conversationId, OutboxOperation.Send, Serialize(activity), CorrelationKey: correlationKey), ct);

    /// <summary>
    /// Queues a replacement of an activity sent earlier, named by its activity id or by the correlation key of the
    /// send (resolved when the update goes out, to the activity id the send recorded).
    /// </summary>
    public Task<Guid> UpdateAsync(string conversationId, string? activityId, string? targetCorrelationKey, Activity activity, CancellationToken ct = default) =>
        EnqueueAsync(new NewOutboxEntry(conversationId, OutboxOperation.Update, Serialize(activity),
            TargetActivityId: activityId, TargetCorrelationKey: Target(activityId, targetCorrelationKey)), ct);

    /// <summary>Queues the deletion of an activity sent earlier, named as for <see cref="UpdateAsync"/>.</summary>
    public Task<Guid> DeleteAsync(string conversationId, string? activityId, string? targetCorrelationKey, CancellationToken ct = default) =>
        EnqueueAsync(new NewOutboxEntry(conversationId, OutboxOperation.Delete, "{}",
            TargetActivityId: activityId, TargetCorrelationKey: Target(activityId, targetCorrelationKey)), ct);

    /// <summary>
    /// Queues a turn's replies and then its updates of earlier messages, in that order, in one write: the turn's
    /// activity may be acknowledged when this returns.
    /// </summary>
    public async Task SendTurnAsync(string conversationId, IReadOnlyList<Activity> replies, IReadOnlyList<(string ActivityId, Activity Activity)> updates, CancellationToken ct = default)
    {
        if (replies.Count == 0 && updates.Count == 0) return;
        ct.ThrowIfCancellationRequested();
        await batcher.WriteAsync([
            .. replies.Select(r => new NewOutboxEntry(conversationId, OutboxOperation.Send, Serialize(r))),
            .. updates.Select(u => new NewOutboxEntry(conversationId, OutboxOperation.Update, Serialize(u.Activity), TargetActivityId: u.ActivityId)),
        ], store.EnqueueRangeAsync, time);
        signal.Wake();
    }

    /// <summary>Where an entry stands: state, attempts, the activity id Teams assigned, the last error.</summary>
    public Task<OutboxEntry?> GetAsync(Guid id, CancellationToken ct = default) => store.GetAsync(id, ct);

    private async Task<Guid> EnqueueAsync(NewOutboxEntry entry, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var written = await batcher.WriteAsync([entry], store.EnqueueRangeAsync, time);
        signal.Wake();
        return written[0].Id;
    }

    private static string? Target(string? activityId, string? correlationKey) =>
        activityId is null && correlationKey is null
            ? throw new ArgumentException("Name the activity to change: its activity id or the correlation key of its send.")
            : correlationKey;

    private static string Serialize(Activity activity) => JsonSerializer.Serialize(activity, ProtocolJson.Options);
}
