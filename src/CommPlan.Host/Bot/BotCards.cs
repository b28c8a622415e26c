using System.Globalization;
using CommPlan.Application.Overview;
using CommPlan.Application.Storage;
using CommPlan.Domain.Access;
using CommPlan.Domain.Activities;
using CommPlan.Host.Features.Overview;
using CommPlan.Teams.Cards;
using CommPlan.Teams.Schema;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Bot;

/// <summary>
/// Every card the bot's basic commands send, in the reader's language. User and plan text is escaped for the card's
/// markdown; every card carries fallback text for notifications and a plain link to the plan.
/// </summary>
public sealed class BotCards(IStringLocalizer<Text> text, AppLinks links)
{
    /// <summary>The unit choice that means "every unit".</summary>
    public const string AllUnits = "*";
    public const int MaxLateLines = 10;

    public enum ErrorKind { UnknownAction, Failed }

    public Attachment Welcome(CultureInfo culture, ConversationKind kind, string? name) => In(culture, () =>
    {
        var greeting = kind == ConversationKind.Personal
            ? text["Bot_Welcome_Personal", CardText.Escape(name ?? "")].Value.Replace(" !", "!", StringComparison.Ordinal)
            : text["Bot_Welcome_Group", CardText.Escape(name ?? text["Bot_Welcome_ThisConversation"])].Value;
        return Card(text["Bot_Welcome_Title"],
            [Heading(text["Bot_Welcome_Title"]), Paragraph(greeting), .. CommandList()],
            kind == ConversationKind.Personal ? [MyActivitiesButton(), OpenPlan()] : [PlanButton(), OpenPlan()]);
    });

    public Attachment Help(CultureInfo culture, string? notUnderstood) => In(culture, () =>
    {
        var body = new List<CardElement>();
        if (!string.IsNullOrEmpty(notUnderstood))
            body.Add(new TextBlock(text["Bot_Help_Unknown", CardText.Escape(notUnderstood)]) { Wrap = true, Color = TextColor.Attention });
        body.Add(Heading(text["Bot_Help_Title"]));
        body.AddRange(CommandList());
        return Card(text["Bot_Help_Title"], body, [MyActivitiesButton(), PlanButton(), OpenPlan()]);
    });

    public Attachment MyActivities(CultureInfo culture, OwnerAgenda agenda, string? userId) => In(culture, () =>
    {
        var body = new List<CardElement> { Heading(text["Bot_MyActivities_Title"]) };
        if (agenda.OpenCount == 0)
        {
            body.Add(Paragraph(text["Bot_MyActivities_None", CardText.Escape(agenda.Plan.Title)]));
        }
        else
        {
            body.Add(new TextBlock(text["Bot_MyActivities_Count", agenda.OpenCount, agenda.LateCount]) { IsSubtle = true, Spacing = Spacing.None, Wrap = true });
            body.AddRange(agenda.Lines.Select(l => Line(l, culture)));
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
        var facts = status.Units.Select(u => new Fact(CardText.Escape(u.Name), Progress(u))).ToList();
        if (status.Unit is null) facts.Add(new Fact(text["Bot_Plan_Total"], Progress(status.Totals)));
        body.Add(new FactSet(facts));
        body.Add(new TextBlock(text["Bot_Plan_Late"]) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium, Wrap = true });
        if (status.Late.Count == 0) body.Add(Paragraph(text["Bot_Plan_NoneLate"]));
        body.AddRange(status.Late.Take(MaxLateLines).Select(l => Line(l, culture)));
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

    public Attachment NoPlan(CultureInfo culture) => In(culture, () =>
        Card(text["Bot_NoPlan"], [Paragraph(text["Bot_NoPlan"])], [OpenPlan()]));

    public Attachment NotIdentified(CultureInfo culture) => In(culture, () =>
        Card(text["Bot_NotIdentified"], [Paragraph(text["Bot_NotIdentified"])], [OpenPlan()]));

    public Attachment Error(CultureInfo culture, ErrorKind kind) => In(culture, () =>
    {
        var message = text[kind == ErrorKind.UnknownAction ? "Bot_Error_UnknownAction" : "Bot_Error_Failed"];
        return Card(message,
            [new Container([Heading(text["Bot_Error_Title"]), Paragraph(message)]) { Style = ContainerStyle.Attention }],
            [OpenPlan()]);
    });

    /// <summary>The access policy refused what the person asked: why, and that nothing was changed.</summary>
    public Attachment Denied(CultureInfo culture, RefusalReason reason) => In(culture, () =>
    {
        var message = text["Denied_" + reason];
        return Card(message,
            [new Container([Heading(text["Problem_forbidden"]), Paragraph(message)]) { Style = ContainerStyle.Attention }],
            [OpenPlan()]);
    });

    /// <summary>SharePoint is throttling the app: say how long to wait, and that nothing was changed.</summary>
    public Attachment Busy(CultureInfo culture, int retryAfterSeconds) => In(culture, () =>
    {
        var message = text["Bot_Error_Busy", retryAfterSeconds];
        return Card(message,
            [new Container([Heading(text["Bot_Error_Title"]), Paragraph(message)]) { Style = ContainerStyle.Attention }],
            [OpenPlan()]);
    });

    /// <summary>A dependency (the database, SharePoint) is down: nothing was changed, try again in a while.</summary>
    public Attachment Unavailable(CultureInfo culture, int retryAfterSeconds) => In(culture, () =>
    {
        var message = text["Bot_Error_Unavailable", retryAfterSeconds];
        return Card(message,
            [new Container([Heading(text["Bot_Error_Title"]), Paragraph(message)]) { Style = ContainerStyle.Attention }],
            [OpenPlan()]);
    });

    private IEnumerable<CardElement> CommandList()
    {
        yield return Paragraph(text["Bot_Help_Intro"]);
        yield return new FactSet(
        [
            new Fact(text["Bot_Help_MyActivities_Command"], text["Bot_Help_MyActivities"]),
            new Fact(text["Bot_Help_Plan_Command"], text["Bot_Help_Plan"]),
            new Fact(text["Bot_Help_Help_Command"], text["Bot_Help_Help"]),
        ]);
    }

    /// <summary>One activity: title and unit on the left, when it is due (or since when it is late) on the right.</summary>
    private Container Line(ActivityLine line, CultureInfo culture)
    {
        var date = line.Due.ToString("d MMMM", culture);
        var due = new TextBlock(line.IsLate ? text["Bot_LateSince", date] : text["Bot_Due", date])
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
                    new TextBlock(CardText.Escape(line.UnitName) + " · " + text["Status_" + line.Status]) { Wrap = true, IsSubtle = true, Spacing = Spacing.None },
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

    private string Progress(UnitProgress p) => text["Bot_Plan_Line", p.Done, p.Total - p.Cancelled, p.InProgress, p.Late];

    private static TextBlock Heading(string value) =>
        new(value) { Style = TextBlockStyle.Heading, Weight = TextWeight.Bolder, Size = TextSize.Medium, Wrap = true };

    private static TextBlock Paragraph(string value) => new(value) { Wrap = true };

    private ExecuteAction MyActivitiesButton(string? title = null) =>
        new(MyActivitiesAction.Name) { Title = title ?? text["Bot_MyActivities_Title"] };

    private ExecuteAction PlanButton() =>
        new(PlanStatusAction.Name) { Title = text["Bot_Plan_Name"], Data = new { unit = AllUnits } };

    private OpenUrlAction OpenPlan() => new(links.Plan) { Title = text["Bot_OpenPlan"] };

    private static Attachment Card(string fallback, IReadOnlyList<CardElement> body, IReadOnlyList<Teams.Cards.CardAction> actions, CardRefresh? refresh = null) =>
        new AdaptiveCard { Body = body, Actions = actions, FallbackText = fallback, Refresh = refresh }.ToAttachment();

    /// <summary>Builds the card with the reader's language as the current UI culture, which the localizer reads.</summary>
    private static Attachment In(CultureInfo culture, Func<Attachment> build)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try { return build(); }
        finally { CultureInfo.CurrentUICulture = previous; }
    }
}
