using System.Globalization;
using System.Text.Json;
using CommPlan.Application;
using CommPlan.Application.Access;
using CommPlan.Application.Reminders;
using CommPlan.Application.Storage;
using CommPlan.Domain.Reminders;
using CommPlan.Host.Bot;
using CommPlan.Host.Outbox;
using CommPlan.Teams.Schema;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Features.Reminders;

/// <summary>
/// What every reminder card action shares: finding the deadline the button is about in the card's digest, doing
/// what was asked through the application (which lets only the owner or a communicator act), and answering with the
/// card as it now stands, also sent as an update of the card in the chat so that every client shows it.
/// </summary>
public sealed class ReminderActionRunner(
    IReminderStore reminders, ReminderLineReader lines, ReminderCards cards, BotCards common, BotUsers users, BotOutbox outbox)
{
    public const string ActivityField = "activity";
    public const string DeadlineField = "deadline";

    public async Task<CardActionResult> RunAsync(TurnContext turn, CardActionRequest action,
        Func<Actor, ReminderDelivery, int, Task<Func<ReminderLine, ReminderLine>?>> act, CancellationToken ct)
    {
        var actor = users.ActorOf(turn);
        if (actor is null) return new CardActionResult.Card(common.NotIdentified(turn.Culture));
        var digestKey = action.GetString(ReminderCards.DigestField);
        var index = Index(action);
        var deliveries = digestKey is null ? [] : await reminders.ListDigestAsync(digestKey, ct);
        var activityId = Guid.TryParse(action.GetString(ActivityField), out var id) ? id : Guid.Empty;
        var deadline = DateOnly.TryParseExact(action.GetString(DeadlineField), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : default;
        var delivery = deliveries.FirstOrDefault(x => x.ActivityId == activityId && x.Deadline == deadline && x.Kind != ReminderKind.Escalation);
        if (delivery is null || index is null) return new CardActionResult.Card(common.Error(turn.Culture, BotCards.ErrorKind.UnknownAction));

        var adjust = await act(actor, delivery, index.Value);
        var now = await lines.ReadAsync(deliveries, ct);
        if (adjust is not null)
            now = now.Select(l => l.ActivityId == delivery.ActivityId && l.Deadline == delivery.Deadline && l.ForOwner ? adjust(l) : l).ToArray();
        var card = cards.Card(turn.Culture, digestKey!, now);
        // The invoke answer replaces the card for the one who pressed; the update reaches their other clients.
        if (delivery.ConversationId is { } conversation && delivery.OutboxEntryId is not null)
            await outbox.UpdateAsync(conversation, null, TeamsReminderNotifier.CorrelationOf(digestKey!),
                new Activity { Type = ActivityTypes.Message, Summary = cards.Summary(turn.Culture, now), Attachments = [card] }, ct);
        return new CardActionResult.Card(card);
    }

    private static int? Index(CardActionRequest action) =>
        action.Data.ValueKind == JsonValueKind.Object && action.Data.TryGetProperty(ReminderCards.IndexField, out var n) && n.TryGetInt32(out var i) ? i : null;
}

public sealed class MarkReminderDoneAction(ReminderActionRunner runner, ReminderService service) : ICardActionHandler
{
    public string Verb => ReminderVerbs.Done;

    public Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest action, CancellationToken ct) =>
        runner.RunAsync(turn, action, async (actor, d, _) =>
        {
            await service.MarkDoneAsync(actor, d.PlanId, d.ActivityId, d.Deadline, ct);
            return null;
        }, ct);
}

public sealed class SnoozeReminderAction(ReminderActionRunner runner, ReminderService service) : ICardActionHandler
{
    public string Verb => ReminderVerbs.Snooze;

    public Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest action, CancellationToken ct) =>
        runner.RunAsync(turn, action, async (actor, d, _) =>
        {
            await service.SnoozeAsync(actor, d.PlanId, d.ActivityId, d.Deadline, d.RecipientKey, service.NextWorkingDay(), ct);
            return null;
        }, ct);
}

public sealed class SnoozeReminderUntilAction(ReminderActionRunner runner, ReminderService service) : ICardActionHandler
{
    public string Verb => ReminderVerbs.SnoozeUntil;

    public Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest action, CancellationToken ct) =>
        runner.RunAsync(turn, action, async (actor, d, n) =>
        {
            // An empty or unreadable date is a date the rules refuse: the card says which input to fix.
            var text = action.GetString(ReminderCards.SnoozeInput + n);
            var until = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : DateOnly.MinValue;
            await service.SnoozeAsync(actor, d.PlanId, d.ActivityId, d.Deadline, d.RecipientKey, until, ct);
            return null;
        }, ct);
}

public sealed class RecordReminderFigureAction(ReminderActionRunner runner, ReminderService service) : ICardActionHandler
{
    public string Verb => ReminderVerbs.Figure;

    public Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest action, CancellationToken ct) =>
        runner.RunAsync(turn, action, async (actor, d, n) =>
        {
            var input = action.Data.TryGetProperty(ReminderCards.FigureInput + n, out var v) ? v : default;
            decimal? value = input.ValueKind switch
            {
                JsonValueKind.Number when input.TryGetDecimal(out var number) => number,
                JsonValueKind.String when decimal.TryParse(input.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => null,
            };
            if (value is null)
                throw new Domain.Common.DomainValidationException([new Domain.Common.FieldError("value", Domain.Common.ErrorCodes.Unparseable)]);
            await service.RecordFigureAsync(actor, d.PlanId, d.ActivityId, value.Value, ct);
            return line => line with { State = ReminderLineState.FigureRecorded, Figure = value };
        }, ct);
}

/// <summary>"Not mine": the plan's communicators are told in their chats, so that they choose another owner.</summary>
public sealed class HandBackReminderAction(
    ReminderActionRunner runner, ReminderService service, IConversationStore conversations, BotOutbox outbox, IStringLocalizer<TextReminders> text,
    Microsoft.Extensions.Options.IOptions<RequestLocalizationOptions> localization) : ICardActionHandler
{
    public string Verb => ReminderVerbs.NotMine;

    public Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest action, CancellationToken ct) =>
        runner.RunAsync(turn, action, async (actor, d, _) =>
        {
            var (activity, contacts) = await service.HandBackAsync(actor, d.PlanId, d.ActivityId, ct);
            foreach (var communicator in contacts.Communicators)
            {
                var chat = await conversations.FindPersonalAsync(communicator.ObjectId!.Value.ToString("D"), ct);
                if (chat is not { State: ConversationState.Active }) continue;
                var culture = BotCulture.From(chat.Locale, localization.Value.DefaultRequestCulture.UICulture);
                var message = Say(culture, () => text["Reminder_NotMine_Notice", actor.DisplayName, activity.Title, d.Deadline.ToString("d MMMM", culture)].Value);
                await outbox.SendAsync(chat.ConversationId, new Activity { Type = ActivityTypes.Message, Text = message, Summary = message }, ct: ct);
            }
            return line => line with { State = ReminderLineState.HandedBack };
        }, ct);

    private static string Say(CultureInfo culture, Func<string> say)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try { return say(); }
        finally { CultureInfo.CurrentUICulture = previous; }
    }
}
