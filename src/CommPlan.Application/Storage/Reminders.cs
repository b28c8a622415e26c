using CommPlan.Domain.Reminders;

namespace CommPlan.Application.Storage;

/// <summary>
/// Where a reminder stands for one recipient, as far as the app decided it before any send: queued for Teams (the
/// outbox entry then says the rest), or not sendable and why.
/// </summary>
public enum ReminderDeliveryState
{
    /// <summary>Written to the outbox; the outbox entry tells whether it went.</summary>
    Queued,
    /// <summary>The person has no conversation with the app (it is not installed for them).</summary>
    NotInstalled,
    /// <summary>Neither an Entra object id nor an address the directory knows.</summary>
    Unresolved,
    /// <summary>The directory says the account is gone or disabled.</summary>
    LeftOrganisation,
}

/// <summary>
/// One reminder (activity occurrence, point, recipient) in the ledger: recorded once, in the same transaction as its
/// outbox entry, so a restart or a second instance never sends its key twice.
/// </summary>
public sealed record ReminderDelivery(
    string Key, string DigestKey, Guid PlanId, Guid ActivityId, string Title, DateOnly Deadline, bool IsOccurrence,
    ReminderKind Kind, int WorkingDays, string RecipientKey, string RecipientName, DateOnly Day, bool CatchUp,
    ReminderDeliveryState State, string? Reason, Guid? OutboxEntryId, string? ConversationId, DateTimeOffset RecordedAt);

/// <summary>The reminder ledger, the plans' reminder policies, snoozes and the scheduler's last run; in the app's own database.</summary>
public interface IReminderStore
{
    /// <summary>The plan's stored policy and its version; null when the plan uses the default.</summary>
    Task<Versioned<ReminderPolicy>?> GetPolicyAsync(Guid planId, CancellationToken ct);

    /// <summary>Stores the plan's policy if the stored one is still the version read (<c>*</c>: whatever it is; a first save quotes the default's tag).</summary>
    /// <exception cref="ConcurrencyConflictException">It changed since <paramref name="ifMatch"/> was read.</exception>
    Task<Versioned<ReminderPolicy>> SavePolicyAsync(Guid planId, ReminderPolicy policy, string ifMatch, CancellationToken ct);

    /// <summary>Which of the keys are in the ledger already.</summary>
    Task<IReadOnlySet<string>> RecordedAsync(IReadOnlyCollection<string> keys, CancellationToken ct);

    /// <summary>
    /// Records the reminders and, when given, writes their outbox entry, in one transaction; its id is kept with each.
    /// </summary>
    /// <returns>False, with nothing written, when one of the keys was recorded meanwhile (by another instance).</returns>
    Task<bool> RecordAsync(IReadOnlyList<ReminderDelivery> deliveries, NewOutboxEntry? entry, DateTimeOffset at, CancellationToken ct);

    /// <summary>The ledger of one plan for days in [<paramref name="from"/>, <paramref name="to"/>], by day and recipient.</summary>
    Task<IReadOnlyList<ReminderDelivery>> ListAsync(Guid planId, DateOnly from, DateOnly to, CancellationToken ct);

    /// <summary>Every reminder of one digest (one card), in the order recorded.</summary>
    Task<IReadOnlyList<ReminderDelivery>> ListDigestAsync(string digestKey, CancellationToken ct);

    /// <summary>Snoozes that end on or after <paramref name="from"/>.</summary>
    Task<IReadOnlyList<ReminderSnooze>> ListSnoozesAsync(DateOnly from, CancellationToken ct);

    /// <summary>Adds the snooze, or moves the end of the person's snooze of that deadline.</summary>
    Task SaveSnoozeAsync(ReminderSnooze snooze, CancellationToken ct);

    /// <summary>The time of the last sweep that ran inside the send window, or null before the first.</summary>
    Task<DateTimeOffset?> GetLastRunAsync(CancellationToken ct);

    /// <summary>Moves the last run forward (never back: an instance whose sweep ended late does not rewind another's).</summary>
    Task SetLastRunAsync(DateTimeOffset at, CancellationToken ct);

    /// <summary>The Entra object id found earlier for an e-mail address (lower case), or null when it was never found.</summary>
    Task<Guid?> FindResolvedRecipientAsync(string address, CancellationToken ct);

    /// <summary>Remembers the object id the directory gave for an address; the first one remembered stays.</summary>
    Task RememberResolvedRecipientAsync(string address, Guid objectId, DateTimeOffset at, CancellationToken ct);
}
