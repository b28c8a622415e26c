using System.Text.Json;
using CommPlan.Application.Storage;
using CommPlan.Teams.Schema;

namespace CommPlan.Host.Outbox;

/// <summary>
/// Where the app's outgoing activities go: each is written to the persistent outbox and delivered by the
/// <see cref="OutboxSender"/>, in order per conversation, within the Teams rate limits, surviving restarts.
/// </summary>
public sealed class BotOutbox(IOutboxStore store, OutboxSignal signal, TimeProvider time)
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

    /// <summary>Where an entry stands: state, attempts, the activity id Teams assigned, the last error.</summary>
    public Task<OutboxEntry?> GetAsync(Guid id, CancellationToken ct = default) => store.GetAsync(id, ct);

    private async Task<Guid> EnqueueAsync(NewOutboxEntry entry, CancellationToken ct)
    {
        var written = await store.EnqueueAsync(entry, time.GetUtcNow(), ct);
        signal.Wake();
        return written.Id;
    }

    private static string? Target(string? activityId, string? correlationKey) =>
        activityId is null && correlationKey is null
            ? throw new ArgumentException("Name the activity to change: its activity id or the correlation key of its send.")
            : correlationKey;

    private static string Serialize(Activity activity) => JsonSerializer.Serialize(activity, ProtocolJson.Options);
}
