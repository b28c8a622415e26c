using System.Globalization;
using System.Text.Json.Nodes;
using CommPlan.Application;
using CommPlan.Domain.Plans;
using CommPlan.Domain.PressReleases;
using CommPlan.Host.Bot;
using CommPlan.Teams.Cards;
using CommPlan.Teams.Schema;
using Microsoft.Extensions.Localization;
using static CommPlan.Host.Bot.BotCards;

namespace CommPlan.Host.Features.PressReleases;

/// <summary>
/// The cards of press-release approvals. The approval card's base view, which everyone sees, is read-only and shows
/// the current state; communicators get their view with the decision buttons through the card's refresh. Every card
/// links to the release in the app, where the same decision can be made from clients without Universal Actions.
/// </summary>
public sealed class PressReleaseCards(IStringLocalizer<TextPressReleases> text, BotCards common, AppLinks links, OrganisationClock clock)
{
    public const string TitleInput = "title";
    public const string LeadInput = "lead";
    public const string BodyInput = "body";
    public const string DateInput = "sendDate";
    public const string TimeInput = "sendTime";
    public const string UnitInput = "unit";
    public const string ContactInput = "contact";
    public const string CommentInput = "comment";

    public Uri Link(PressRelease release) => new(links.Plan, $"releases/{release.PlanId:N}/{release.Id:N}");

    /// <summary>The submission form; with a release, prefilled for its resubmission.</summary>
    public Attachment Form(CultureInfo culture, Plan plan, PressRelease? resubmit = null) => In(culture, () =>
    {
        var (verb, data) = resubmit is null
            ? (SubmitPressReleaseAction.Name, new JsonObject { ["planId"] = plan.Id.ToString() })
            : (ResubmitPressReleaseAction.Name, Ids(resubmit));
        return Card(text["Form_Title"], [Heading(text["Form_Title"]), Paragraph(text["Form_Intro"]), .. FormInputs(plan, resubmit)],
            [new ExecuteAction(verb) { Title = resubmit is null ? text["Form_Submit"] : text["Resubmit"], Data = data, Style = ActionStyle.Positive }, common.OpenPlan()]);
    });

    private IEnumerable<CardElement> FormInputs(Plan plan, PressRelease? r)
    {
        var planned = r is null ? (DateTimeOffset?)null : TimeZoneInfo.ConvertTime(r.Content.PlannedSendAt, clock.TimeZone);
        yield return Required(new TextInput(TitleInput) { Label = text["Field_Title"], MaxLength = PressReleaseContent.MaxTitleLength, Value = r?.Content.Title }, "Field_Title");
        yield return Required(new TextInput(LeadInput) { Label = text["Field_Lead"], IsMultiline = true, MaxLength = PressReleaseContent.MaxLeadLength, Value = r?.Content.Lead }, "Field_Lead");
        yield return Required(new TextInput(BodyInput) { Label = text["Field_Body"], IsMultiline = true, MaxLength = PressReleaseContent.MaxBodyLength, Value = r?.Content.Body }, "Field_Body");
        yield return Required(new DateInput(DateInput) { Label = text["Field_SendDate"], Value = planned is { } p ? DateOnly.FromDateTime(p.DateTime) : null }, "Field_SendDate");
        yield return Required(new TextInput(TimeInput)
        {
            Label = text["Field_SendTime"], Regex = "^([01]?[0-9]|2[0-3]):[0-5][0-9]$", MaxLength = 5,
            Value = planned?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "09:00",
        }, "Field_SendTime");
        yield return new ChoiceSetInput(UnitInput, plan.Units.Select(u => new Choice(u.Name, u.Key)).ToArray())
        {
            Label = text["Field_Unit"], Style = ChoiceInputStyle.Compact, Value = r?.Content.UnitKey,
        };
        yield return Required(new TextInput(ContactInput) { Label = text["Field_Contact"], MaxLength = PressReleaseContent.MaxContactLength, Value = r?.Content.Contact }, "Field_Contact");
    }

    private T Required<T>(T input, string labelKey) where T : CardInput =>
        input with { IsRequired = true, ErrorMessage = text["Field_Required", text[labelKey]] };

    public Attachment Submitted(CultureInfo culture, PressRelease release) => In(culture, () =>
        Card(text["Submitted_Title", release.Content.Title],
            [Heading(text["Submitted_Title", CardText.Escape(release.Content.Title)]), Paragraph(text["Submitted_Text", release.Version])],
            [new OpenUrlAction(Link(release)) { Title = text["OpenInTab"] }]));

    /// <summary>
    /// The approval card. <paramref name="deciders"/> given: the base card that refreshes for them (Teams MRIs; the
    /// refresh takes the first 60, and with more the card says to decide in the tab, which it links to). <paramref name="canDecide"/>: the communicator's own view with the buttons, while the version waits.
    /// </summary>
    public Attachment Approval(CultureInfo culture, PressRelease release, IReadOnlyList<AuditEntry> history, bool canDecide,
        IReadOnlyList<string>? deciders = null, string? notice = null) => In(culture, () =>
    {
        var waiting = release.State == PressReleaseState.Submitted;
        var body = new List<CardElement>();
        if (notice is not null)
            body.Add(new Container([Paragraph(notice)]) { Style = ContainerStyle.Attention });
        body.AddRange(Describe(release));
        if (release.LastDecision is { } d && !waiting)
            body.Add(new Container([Paragraph(text["Decided", StateName(release.State), CardText.Escape(d.DecidedBy.Name), When(d.At)])
                ,.. d.Comment is { } c ? [Paragraph(CardText.Escape(c))] : Array.Empty<CardElement>()]) { Style = release.State == PressReleaseState.Approved ? ContainerStyle.Good : ContainerStyle.Warning });
        body.Add(new TextBlock(text["History"]) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium });
        body.AddRange(history.TakeLast(8).Select(e => new TextBlock(CardText.Escape(text["History_Line", When(e.At), ActionName(e.Action), e.Version, e.Actor.Name]
            + (e.Comment is { } c ? ": " + c : ""))) { Wrap = true, IsSubtle = true, Size = TextSize.Small, Spacing = Spacing.None }));
        if (waiting && deciders is { Count: > CardRefresh.MaxUserIds })
            body.Add(new TextBlock(text["DecideInTab"]) { Wrap = true, IsSubtle = true, Spacing = Spacing.Medium });
        var actions = new List<CardAction>();
        if (waiting && canDecide)
        {
            body.Add(new TextInput(CommentInput) { Label = text["Field_Comment"], IsMultiline = true, MaxLength = PressRelease.MaxCommentLength, Placeholder = text["CommentNeeded"] });
            actions.Add(Decide(release, PressReleaseDecision.Approve, text["Approve"], ActionStyle.Positive));
            actions.Add(Decide(release, PressReleaseDecision.RequestChanges, text["RequestChanges"], null));
            actions.Add(Decide(release, PressReleaseDecision.Reject, text["Reject"], ActionStyle.Destructive));
        }
        actions.Add(new OpenUrlAction(Link(release)) { Title = text["OpenInTab"] });
        var refresh = waiting && deciders is { Count: > 0 }
            ? new CardRefresh(new ExecuteAction(ViewPressReleaseAction.Name) { Data = Ids(release) }, deciders.Take(CardRefresh.MaxUserIds).ToArray())
            : null;
        return Card(text["Approval_Title", release.Content.Title], body, actions, refresh);
    });

    /// <summary>To the submitter, 1:1: what the communicator asked, and the form to edit and resubmit.</summary>
    public Attachment ChangesRequested(CultureInfo culture, Plan plan, PressRelease release) => In(culture, () =>
    {
        var d = release.LastDecision!;
        return Card(text["Changes_Title", release.Content.Title],
            [
                Heading(text["Changes_Title", CardText.Escape(release.Content.Title)]),
                Paragraph(text["Changes_Text", CardText.Escape(d.DecidedBy.Name), d.Version]),
                new Container([Paragraph(CardText.Escape(d.Comment ?? ""))]) { Style = ContainerStyle.Warning },
            ],
            [
                new ShowCardAction(new AdaptiveCard
                {
                    Body = [.. FormInputs(plan, release)],
                    Actions = [new ExecuteAction(ResubmitPressReleaseAction.Name) { Title = text["Resubmit"], Data = Ids(release), Style = ActionStyle.Positive }],
                }) { Title = text["Changes_Edit"] },
                new OpenUrlAction(Link(release)) { Title = text["OpenInTab"] },
            ]);
    });

    /// <summary>To the committee chair and the approval conversation: an approved release that is ready to go out.</summary>
    public Attachment Approved(CultureInfo culture, PressRelease release) => In(culture, () =>
        Card(text["Approved_Title", release.Content.Title],
            [
                Heading(text["Approved_Title", CardText.Escape(release.Content.Title)]),
                Paragraph(text["Approved_Text", CardText.Escape(release.LastDecision?.DecidedBy.Name ?? ""), When(release.Content.PlannedSendAt)]),
                Paragraph(CardText.Escape(release.Content.Lead)),
            ],
            [new OpenUrlAction(Link(release)) { Title = text["OpenInTab"] }]));

    public Attachment ConversationSet(CultureInfo culture, Plan plan) => In(culture, () =>
        Card(text["Conversation_Set", plan.Title],
            [Heading(text["Conversation_Set_Title"]), Paragraph(text["Conversation_Set", CardText.Escape(plan.Title)])],
            [common.OpenPlan()]));

    public string Summary(CultureInfo culture, string key, PressRelease release)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try { return text[key, release.Content.Title]; }
        finally { CultureInfo.CurrentUICulture = previous; }
    }

    public string AlreadyDecided(PressRelease release) =>
        text["AlreadyDecided", release.LastDecision?.DecidedBy.Name ?? "", release.LastDecision is { } d ? When(d.At) : ""];

    public string Stale(PressRelease release) => text["Stale", release.Version];

    public string CommentNeeded() => text["CommentNeeded"];

    private IEnumerable<CardElement> Describe(PressRelease r)
    {
        yield return Heading(CardText.Escape(r.Content.Title));
        yield return new TextBlock(CardText.Escape(r.Content.Lead)) { Wrap = true, Weight = TextWeight.Bolder };
        yield return new TextBlock(CardText.Escape(r.Content.Body)) { Wrap = true, MaxLines = 12 };
        yield return new FactSet(
        [
            new(text["Fact_State"], StateName(r.State)),
            new(text["Fact_Version"], r.Version.ToString(CultureInfo.CurrentCulture)),
            new(text["Fact_Submitter"], CardText.Escape(r.Submitter.Name)),
            new(text["Fact_Planned"], When(r.Content.PlannedSendAt)),
            new(text["Fact_Contact"], CardText.Escape(r.Content.Contact)),
            .. r.Content.UnitKey is { } u ? [new Fact(text["Fact_Unit"], CardText.Escape(u))] : Array.Empty<Fact>(),
        ]);
    }

    private ExecuteAction Decide(PressRelease r, PressReleaseDecision decision, string title, ActionStyle? style)
    {
        var data = Ids(r);
        data["version"] = r.Version;
        data["decision"] = decision.ToString();
        return new ExecuteAction(DecidePressReleaseAction.Name) { Title = title, Data = data, Style = style };
    }

    private static JsonObject Ids(PressRelease r) => new() { ["planId"] = r.PlanId.ToString(), ["releaseId"] = r.Id.ToString() };

    private string When(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, clock.TimeZone).ToString("g", CultureInfo.CurrentUICulture);

    public string StateName(PressReleaseState state) => text["State_" + state];

    public string ActionName(AuditAction action) => text["Action_" + action];
}
