using CommPlan.Application.Storage;
using CommPlan.Domain.Reminders;

namespace CommPlan.Application.Notifications;

/// <summary>
/// What a digest becomes for its recipient: the outbox entry that tells them (its card, its conversation), or why
/// they cannot be told. The entry is not written here: the ledger writes it with the reminders' keys, in one
/// transaction, so that nothing is sent twice or lost between the two.
/// </summary>
public sealed record ReminderNotice(ReminderDeliveryState State, string? Reason, NewOutboxEntry? Entry, string? ConversationId)
{
    public static ReminderNotice Unreachable(ReminderDeliveryState state, string reason) => new(state, reason, null, null);
}

/// <summary>The notification port of reminders: what to tell whom, without any Teams type.</summary>
public interface IReminderNotifier
{
    /// <param name="digest">The reminders to tell the recipient about now.</param>
    /// <param name="earlier">Reminders of the same digest (recipient and day) already recorded: the card sent for
    /// them is then updated in place to list all, rather than a second card that day.</param>
    Task<ReminderNotice> ComposeAsync(ReminderDigest digest, IReadOnlyList<ReminderDelivery> earlier, CancellationToken ct);
}
