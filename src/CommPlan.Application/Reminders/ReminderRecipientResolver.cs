using CommPlan.Application.Access;
using CommPlan.Application.Storage;
using CommPlan.Domain.Activities;

namespace CommPlan.Application.Reminders;

/// <summary>A recipient made reachable: their object id, or the ledger's state and reason for why they are not.</summary>
public sealed record ResolvedRecipient(Owner? Person, ReminderDeliveryState State, string? Reason);

/// <summary>
/// Turns an owner known only by e-mail into their Entra object id before their first reminder: asked of the
/// directory once, and remembered in the app's database so later sweeps (and other instances) do not ask again. An
/// address the directory does not know is asked about again at the person's next reminder, as they may join later.
/// </summary>
public sealed class ReminderRecipientResolver(IReminderStore reminders, IPeopleDirectory directory, OrganisationClock clock)
{
    public async Task<ResolvedRecipient> ResolveAsync(Owner person, CancellationToken ct)
    {
        if (person.ObjectId is { } known && known != Guid.Empty) return new ResolvedRecipient(person, ReminderDeliveryState.Queued, null);
        var address = person.Email?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(address))
            return new ResolvedRecipient(null, ReminderDeliveryState.Unresolved, "Neither an Entra account nor an e-mail address is known for this person.");
        if (await reminders.FindResolvedRecipientAsync(address, ct) is { } remembered)
            return new ResolvedRecipient(person with { ObjectId = remembered }, ReminderDeliveryState.Queued, null);

        var found = await directory.LookUpAddressAsync(address, ct);
        switch (found.Answer)
        {
            case DirectoryAnswer.Found when found.ObjectId is { } id:
                await reminders.RememberResolvedRecipientAsync(address, id, clock.Time.GetUtcNow(), ct);
                return new ResolvedRecipient(person with { ObjectId = id }, ReminderDeliveryState.Queued, null);
            case DirectoryAnswer.Disabled:
                return new ResolvedRecipient(null, ReminderDeliveryState.LeftOrganisation, found.Reason ?? $"The account of {address} is disabled.");
            default:
                return new ResolvedRecipient(null, ReminderDeliveryState.Unresolved, found.Reason ?? $"No Entra account has the address {address}.");
        }
    }
}
