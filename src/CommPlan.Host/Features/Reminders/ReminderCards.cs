using System.Globalization;
using CommPlan.Domain.Reminders;
using CommPlan.Host.Bot;
using CommPlan.Teams.Cards;
using CommPlan.Teams.Schema;
using Microsoft.Extensions.Localization;
using static CommPlan.Host.Bot.BotCards;

namespace CommPlan.Host.Features.Reminders;

/// <summary>Where one line of a reminder card stands since it was sent.</summary>
public enum ReminderLineState { Open, Done, Snoozed, HandedBack, FigureRecorded, Gone }

/// <summary>One deadline on a reminder card, with what the person has done about it since.</summary>
public sealed record ReminderLine(
    Guid PlanId, Guid ActivityId, string Title, DateOnly Deadline, ReminderKind Kind, int WorkingDays, bool CatchUp,
    string? OwnerName, string? Metric, ReminderLineState State = ReminderLineState.Open, DateOnly? SnoozedUntil = null, decimal? Figure = null)
{
    public bool ForOwner => Kind != ReminderKind.Escalation;
}

/// <summary>
/// The reminder card: every deadline a person hears about on one day, each with what it is (ahead, due, late,
/// escalated) and, for their own, the Universal Actions to mark it done, snooze it, record its figure or hand it
/// back; every line also links to the activity in the plan, for clients where Action.Execute does not work.
/// </summary>
public sealed class ReminderCards(IStringLocalizer<TextReminders> text, AppLinks links, BotCards common)
{
    public const string DigestField = "digest";
    public const string IndexField = "n";
    public const string SnoozeInput = "snoozeUntil-";
    public const string FigureInput = "figure-";
    public const int MaxLineActions = 5;

    public Activity Message(CultureInfo culture, string digestKey, IReadOnlyList<ReminderLine> lines) => new()
    {
        Type = ActivityTypes.Message,
        Summary = Summary(culture, lines),
        Attachments = [Card(culture, digestKey, lines)],
    };

    /// <summary>What the notification says: the first deadline by name and date, not "Sent a card".</summary>
    public string Summary(CultureInfo culture, IReadOnlyList<ReminderLine> lines)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            if (lines.Count == 0) return text["Reminder_Title"];
            var first = text["Reminder_Summary", lines[0].Title, Date(lines[0].Deadline, culture)].Value;
            return lines.Count == 1 ? first : text["Reminder_Summary_More", first, lines.Count - 1];
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    public Attachment Card(CultureInfo culture, string digestKey, IReadOnlyList<ReminderLine> lines) => In(culture, () =>
    {
        var body = new List<CardElement>
        {
            Heading(lines.Count == 1 ? text["Reminder_Heading_One"] : text["Reminder_Heading_Many", lines.Count]),
        };
        body.AddRange(lines.Select(l => Line(l, culture)));
        var actionable = lines.Select((l, i) => (Line: l, Index: i)).Where(x => x.Line.ForOwner && x.Line.State == ReminderLineState.Open).ToArray();
        var actions = new List<Teams.Cards.CardAction>();
        if (actionable.Length == 1 && lines.Count == 1)
        {
            var (inputs, own) = LineActions(digestKey, actionable[0].Line, actionable[0].Index, culture);
            body.AddRange(inputs);
            actions.AddRange(own);
        }
        else
        {
            foreach (var (line, index) in actionable.Take(MaxLineActions))
            {
                var (inputs, own) = LineActions(digestKey, line, index, culture);
                actions.Add(new ShowCardAction(new AdaptiveCard { Body = inputs, Actions = own })
                {
                    Title = text["Reminder_Actions", CardText.Escape(line.Title)],
                });
            }
        }
        actions.Add(common.OpenPlan());
        return BotCards.Card(Summary(culture, lines), body, actions);
    });

    private Container Line(ReminderLine line, CultureInfo culture)
    {
        var date = Date(line.Deadline, culture);
        var late = line.Kind is ReminderKind.Late or ReminderKind.Escalation;
        var items = new List<CardElement>
        {
            new TextBlock(CardText.Escape(line.Title)) { Wrap = true, Weight = TextWeight.Bolder },
            new TextBlock(line.Kind switch
            {
                ReminderKind.Ahead when line.WorkingDays == 1 => text["Reminder_Ahead_One", date],
                ReminderKind.Ahead => text["Reminder_Ahead", date, line.WorkingDays],
                ReminderKind.DueToday => text["Reminder_DueToday", date],
                ReminderKind.Late => text["Reminder_Late", date],
                ReminderKind.Escalation => text["Reminder_Escalation", date, CardText.Escape(line.OwnerName ?? "?"), line.WorkingDays],
                _ => text["Reminder_SnoozeEnded", date],
            }) { Wrap = true, Spacing = Spacing.None, Color = late ? TextColor.Attention : null },
        };
        if (line.CatchUp) items.Add(new TextBlock(text["Reminder_CatchUp"]) { Wrap = true, IsSubtle = true, Spacing = Spacing.None });
        var state = line.State switch
        {
            ReminderLineState.Done => text["Reminder_State_Done"].Value,
            ReminderLineState.Snoozed => text["Reminder_State_Snoozed", line.SnoozedUntil is { } until ? Date(until, culture) : ""].Value,
            ReminderLineState.HandedBack => text["Reminder_State_HandedBack"].Value,
            ReminderLineState.FigureRecorded => text["Reminder_State_Figure", line.Figure?.ToString(culture) ?? "", CardText.Escape(line.Metric ?? "")].Value,
            ReminderLineState.Gone => text["Reminder_Gone"].Value,
            _ => null,
        };
        if (state is not null) items.Add(new TextBlock(state) { Wrap = true, Weight = TextWeight.Bolder, Color = TextColor.Good, Spacing = Spacing.Small });
        return new Container(items) { Separator = true, Spacing = Spacing.Medium, SelectAction = new OpenUrlAction(links.Activity(line.ActivityId)) };
    }

    private (IReadOnlyList<CardElement> Inputs, IReadOnlyList<Teams.Cards.CardAction> Actions) LineActions(string digestKey, ReminderLine line, int index, CultureInfo culture)
    {
        object Data() => new Dictionary<string, object>
        {
            [DigestField] = digestKey,
            [IndexField] = index,
            [ReminderActionRunner.ActivityField] = line.ActivityId.ToString("D"),
            [ReminderActionRunner.DeadlineField] = line.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        var inputs = new List<CardElement>
        {
            new DateInput(SnoozeInput + index) { Label = text["Reminder_SnoozeDate"], ErrorMessage = text["Reminder_SnoozeDate_Error"] },
        };
        var actions = new List<Teams.Cards.CardAction>
        {
            new ExecuteAction(ReminderVerbs.Done) { Title = text["Reminder_MarkDone"], Data = Data(), Style = ActionStyle.Positive },
            new ExecuteAction(ReminderVerbs.Snooze) { Title = text["Reminder_Snooze"], Data = Data() },
            new ExecuteAction(ReminderVerbs.SnoozeUntil) { Title = text["Reminder_SnoozeUntil"], Data = Data() },
        };
        if (line.Metric is not null)
        {
            inputs.Add(new NumberInput(FigureInput + index) { Label = CardText.Escape(line.Metric), ErrorMessage = text["Reminder_Figure_Error"] });
            actions.Add(new ExecuteAction(ReminderVerbs.Figure) { Title = text["Reminder_RecordFigure"], Data = Data() });
        }
        actions.Add(new ExecuteAction(ReminderVerbs.NotMine) { Title = text["Reminder_NotMine"], Data = Data() });
        return (inputs, actions);
    }

    private static string Date(DateOnly date, CultureInfo culture) => date.ToString("dddd d MMMM", culture);
}

/// <summary>The card verbs of reminders.</summary>
public static class ReminderVerbs
{
    public const string Done = "reminder.done";
    public const string Snooze = "reminder.snooze";
    public const string SnoozeUntil = "reminder.snoozeUntil";
    public const string Figure = "reminder.figure";
    public const string NotMine = "reminder.notMine";
}
