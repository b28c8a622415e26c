using System.Globalization;
using CommPlan.Application;
using CommPlan.Application.Overview;
using CommPlan.Application.Storage;
using CommPlan.Domain.Activities;
using CommPlan.Host.Bot;
using CommPlan.Teams.Cards;
using CommPlan.Teams.Schema;
using Microsoft.Extensions.Localization;
using static CommPlan.Host.Bot.BotCards;

namespace CommPlan.Host.Features.Overview;

/// <summary>The overview's cards: a person's open activities, and the plan's status per unit with what is late.</summary>
public sealed class OverviewCards(IStringLocalizer<Text> text, AppLinks links, BotCards common, OrganisationClock clock)
{
    /// <summary>The unit choice that means "every unit".</summary>
    public const string AllUnits = "*";
    public const int MaxLateLines = 10;

    /// <summary>How far ahead a deadline is also told in working days: about two weeks, where counting them helps.</summary>
    public const int MaxWorkingDaysTold = 10;

    /// <param name="emailUnavailable">Teams could not say the person's e-mail address in time: activities given to them
    /// by e-mail alone are missing, and the card says so.</param>
    public Attachment MyActivities(CultureInfo culture, OwnerAgenda agenda, string? userId, bool emailUnavailable = false) => In(culture, () =>
    {
        var body = new List<CardElement> { Heading(text["Bot_MyActivities_Title"]) };
        if (emailUnavailable) body.Add(new TextBlock(text["Bot_MyActivities_EmailUnavailable"]) { IsSubtle = true, Wrap = true });
        if (agenda.OpenCount == 0)
        {
            body.Add(Paragraph(text["Bot_MyActivities_None", CardText.Escape(agenda.Plan.Title)]));
        }
        else
        {
            body.Add(new TextBlock(text["Bot_MyActivities_Count", agenda.OpenCount, agenda.LateCount]) { IsSubtle = true, Spacing = Spacing.None, Wrap = true });
            body.AddRange(agenda.Lines.Select(l => Line(l, culture, agenda.Today, showUnit: true)));
            if (agenda.OpenCount > agenda.Lines.Count)
                body.Add(new TextBlock(text["Bot_MyActivities_More", agenda.OpenCount - agenda.Lines.Count]) { IsSubtle = true, Wrap = true });
        }
        return Card(text["Bot_MyActivities_Title"], body, [MyActivitiesButton(text["Bot_Refresh"]), OpenPlan()],
            // Teams fetches a fresh list when the person looks at an older card again.
            refresh: userId is null ? null : new CardRefresh(new ExecuteAction(MyActivitiesAction.Name), [userId]));
    });

    public Attachment PlanStatus(CultureInfo culture, PlanStatus status, string? unknownUnit) => In(culture, () =>
    {
        var title = text["Bot_Plan_Title", status.Unit?.Name ?? status.Plan.Title].Value;
        var body = new List<CardElement>();
        if (unknownUnit is not null)
            // Warning-coloured text is too faint to read (2.4:1); a warning container keeps the text dark.
            body.Add(new Container([Paragraph(text["Bot_Plan_UnknownUnit", CardText.Escape(unknownUnit)])]) { Style = ContainerStyle.Warning });
        body.Add(Heading(CardText.Escape(title)));
        if (status.Unit is null)
        {
            var facts = status.Units.Select(u => new Fact(CardText.Escape(u.Name), Progress(u))).ToList();
            facts.Add(new Fact(text["Bot_Plan_Total"], Progress(status.Totals)));
            body.Add(new FactSet(facts));
        }
        else
        {
            // One unit: its name is the heading already, so its progress is said without repeating it.
            body.Add(Paragraph(Progress(status.Totals)));
        }
        body.Add(new TextBlock(text["Bot_Plan_Late"]) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium, Wrap = true });
        if (status.Late.Count == 0) body.Add(Paragraph(text["Bot_Plan_NoneLate"]));
        body.AddRange(status.Late.Take(MaxLateLines).Select(l => Line(l, culture, status.Today, showUnit: status.Unit is null)));
        body.Add(new ChoiceSetInput(PlanStatusAction.UnitInput,
            [new Choice(text["Bot_Plan_AllUnits"], AllUnits), .. status.Plan.Units.Select(u => new Choice(u.Name, u.Key))])
        {
            Label = text["Bot_Plan_Unit"],
            Style = ChoiceInputStyle.Compact,
            Value = status.Unit?.Key ?? AllUnits,
            Spacing = Spacing.Medium,
        });
        return Card(title, body, [new ExecuteAction(PlanStatusAction.Name) { Title = text["Bot_Show"] }, OpenPlan()]);
    });

    /// <summary>One activity: title and unit on the left, when it is due (or since when it is late) on the right.</summary>
    private Container Line(ActivityLine line, CultureInfo culture, DateOnly today, bool showUnit)
    {
        var date = line.Due.ToString("d MMMM", culture);
        var due = new TextBlock(line.IsLate ? text["Bot_LateSince", date] : Due(line.Due, date, today))
        {
            Wrap = true,
            HorizontalAlignment = HorizontalAlignment.Right,
            Color = line.IsLate ? TextColor.Attention : null,
            Weight = line.IsLate ? TextWeight.Bolder : null,
        };
        return new Container(
        [
            new ColumnSet(
            [
                new Column(
                [
                    new TextBlock(CardText.Escape(line.Title)) { Wrap = true, Weight = TextWeight.Bolder },
                    new TextBlock((showUnit ? CardText.Escape(line.UnitName) + " · " : "") + text["Status_" + line.Status]) { Wrap = true, IsSubtle = true, Spacing = Spacing.None },
                ]) { Width = ColumnWidth.Stretch },
                new Column([due]) { Width = ColumnWidth.Auto },
            ]),
        ])
        {
            Separator = true,
            Spacing = Spacing.Medium,
            // No title: it would become the line's accessible name and hide the text that is shown.
            SelectAction = new OpenUrlAction(links.Activity(line.Id)),
        };
    }

    /// <summary>
    /// When an open activity is due; soon, also in working days, since deadlines and reminders count those (a
    /// Friday deadline seen on a Wednesday before a holiday is nearer than its date suggests).
    /// </summary>
    private string Due(DateOnly due, string date, DateOnly today)
    {
        if (due == today) return text["Bot_Due_Today", date];
        if (due < today) return text["Bot_Due", date];
        var days = clock.Calendar.CountWorkingDays(today.AddDays(1), due.AddDays(1));
        return days switch
        {
            1 => text["Bot_Due_InOneWorkingDay", date],
            > 1 and <= MaxWorkingDaysTold => text["Bot_Due_InWorkingDays", date, days],
            _ => text["Bot_Due", date],
        };
    }

    private string Progress(UnitProgress p) => text["Bot_Plan_Line", p.Done, p.Total - p.Cancelled, p.InProgress, p.Late];

    public ExecuteAction MyActivitiesButton(string? title = null) =>
        new(MyActivitiesAction.Name) { Title = title ?? text["Bot_MyActivities_Title"] };

    public ExecuteAction PlanButton() =>
        new(PlanStatusAction.Name) { Title = text["Bot_Plan_Name"], Data = new { unit = AllUnits } };

    private OpenUrlAction OpenPlan() => common.OpenPlan();
}
