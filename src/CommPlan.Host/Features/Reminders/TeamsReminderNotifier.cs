using System.Text.Json;
using CommPlan.Application.Notifications;
using CommPlan.Application.Storage;
using CommPlan.Domain.Reminders;
using CommPlan.Host.Bot;
using CommPlan.Teams.Schema;
using Microsoft.Extensions.Options;

namespace CommPlan.Host.Features.Reminders;

/// <summary>
/// The Teams side of reminders: a person is told in their personal chat with the app, in the chat's language, with
/// one card per day that is updated in place when more falls due the same day. Someone without a chat with the
/// app, or known only by an address, is reported as such rather than dropped.
/// </summary>
public sealed class TeamsReminderNotifier(
    IConversationStore conversations, ReminderCards cards, ReminderLineReader lines, IOptions<RequestLocalizationOptions> localization) : IReminderNotifier
{
    public static string CorrelationOf(string digestKey) => "reminder:" + digestKey;

    public async Task<ReminderNotice> ComposeAsync(ReminderDigest digest, IReadOnlyList<ReminderDelivery> earlier, CancellationToken ct)
    {
        if (digest.Recipient.ObjectId is not { } objectId)
            return ReminderNotice.Unreachable(ReminderDeliveryState.Unresolved, "Known only by e-mail address; no Entra account found for it.");
        var conversation = await conversations.FindPersonalAsync(objectId.ToString("D"), ct);
        if (conversation is null)
            return ReminderNotice.Unreachable(ReminderDeliveryState.NotInstalled, "The app is not installed for this person (no personal chat).");
        if (conversation.State != ConversationState.Active)
            return ReminderNotice.Unreachable(ReminderDeliveryState.NotInstalled,
                $"The personal chat is {conversation.State.ToString().ToLowerInvariant()}" + (conversation.StateReason is { } why ? $" ({why})." : "."));

        var culture = BotCulture.From(conversation.Locale, localization.Value.DefaultRequestCulture.UICulture);
        var all = (await lines.ReadAsync(earlier, ct)).Concat(digest.Items.Select(ReminderLineReader.FromDue)).ToArray();
        var payload = JsonSerializer.Serialize(cards.Message(culture, digest.Key, all), ProtocolJson.Options);
        // A card went out for this person today: it is updated to list everything rather than a second card.
        var entry = earlier.Any(e => e.OutboxEntryId is not null)
            ? new NewOutboxEntry(conversation.ConversationId, OutboxOperation.Update, payload, TargetCorrelationKey: CorrelationOf(digest.Key))
            : new NewOutboxEntry(conversation.ConversationId, OutboxOperation.Send, payload, CorrelationKey: CorrelationOf(digest.Key));
        return new ReminderNotice(ReminderDeliveryState.Queued, null, entry, conversation.ConversationId);
    }
}
