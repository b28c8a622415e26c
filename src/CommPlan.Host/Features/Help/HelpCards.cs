using System.Globalization;
using CommPlan.Application.Overview;
using CommPlan.Application.Storage;
using CommPlan.Domain.Activities;
using CommPlan.Host.Bot;
using CommPlan.Teams.Cards;
using CommPlan.Teams.Schema;
using Microsoft.Extensions.Localization;
using static CommPlan.Host.Bot.BotCards;
using CommPlan.Host.Features.Overview;

namespace CommPlan.Host.Features.Help;

/// <summary>The welcome when the app arrives in a conversation, and the help: both list the commands of the registry.</summary>
public sealed class HelpCards(IStringLocalizer<Text> text, BotCards common, OverviewCards overview)
{
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

    private IEnumerable<CardElement> CommandList()
    {
        yield return Paragraph(text["Bot_Help_Intro"]);
        var culture = CultureInfo.CurrentUICulture;
        yield return new FactSet(BotCommandRegistry.Commands.Select(c => new Fact(c.Usage(culture), c.Description(culture))).ToArray());
    }

    private ExecuteAction MyActivitiesButton() => overview.MyActivitiesButton();
    private ExecuteAction PlanButton() => overview.PlanButton();
    private OpenUrlAction OpenPlan() => common.OpenPlan();
}
