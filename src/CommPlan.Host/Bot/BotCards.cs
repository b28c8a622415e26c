using System.Globalization;
using CommPlan.Domain.Access;
using CommPlan.Teams.Cards;
using CommPlan.Teams.Schema;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Bot;

/// <summary>
/// The cards and card parts every feature shares: errors, refusals, "no plan", the link to the plan, and how a card
/// is built in the reader's language. User and plan text is escaped for the card's markdown; every card carries
/// fallback text for notifications and a plain link to the plan.
/// </summary>
public sealed class BotCards(IStringLocalizer<Text> text, AppLinks links)
{
    public enum ErrorKind { UnknownAction, Failed }

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

    public static TextBlock Heading(string value) =>
        new(value) { Style = TextBlockStyle.Heading, Weight = TextWeight.Bolder, Size = TextSize.Medium, Wrap = true };

    public static TextBlock Paragraph(string value) => new(value) { Wrap = true };

    public OpenUrlAction OpenPlan() => new(links.Plan) { Title = text["Bot_OpenPlan"] };

    public static Attachment Card(string fallback, IReadOnlyList<CardElement> body, IReadOnlyList<Teams.Cards.CardAction> actions, CardRefresh? refresh = null) =>
        new AdaptiveCard { Body = body, Actions = actions, FallbackText = fallback, Refresh = refresh }.ToAttachment();

    /// <summary>Builds the card with the reader's language as the current UI culture, which the localizer reads.</summary>
    public static Attachment In(CultureInfo culture, Func<Attachment> build)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try { return build(); }
        finally { CultureInfo.CurrentUICulture = previous; }
    }
}
