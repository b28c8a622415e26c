using System.Globalization;
using CommPlan.Application;
using CommPlan.Application.Demo;
using CommPlan.Application.Overview;
using CommPlan.Application.Storage;
using CommPlan.Domain.Calendar;
using CommPlan.Host;
using CommPlan.Host.Bot;
using CommPlan.Host.Features.Help;
using CommPlan.Host.Features.Overview;
using CommPlan.Teams.Cards;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CommPlan.Browser.Tests.Cards;

/// <summary>
/// The bot's own cards, built by the cards of the bot and its features from the demo plan (late and open activities, every unit)
/// with the app's real resources, in each language.
/// </summary>
public static class BotCardSamples
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    public static IEnumerable<CardSample> All()
    {
        var plan = DemoPlan.BuildPlan(2026);
        var activities = DemoPlan.BuildActivities(plan, new DateOnly(2026, 1, 2));
        var anna = PlanOverviewService.Agenda(plan, activities.Where(a => a.Owner?.ObjectId == DemoPlan.Communicator.ObjectId), Today, 8);
        var status = PlanOverviewService.Status(plan, null, activities, Today);
        var unit = PlanOverviewService.Status(plan, plan.FindUnit("sc"), activities, Today);
        var none = PlanOverviewService.Agenda(plan, [], Today, 8);
        var (cards, overview, help) = Create();

        foreach (var locale in CardSamples.Locales)
        {
            var c = new CultureInfo(locale);
            yield return Sample("welcome, personal", c, help.Welcome(c, ConversationKind.Personal, "Anna Lindqvist"), "Anna Lindqvist");
            yield return Sample("welcome, team", c, help.Welcome(c, ConversationKind.Channel, "Kommunikation *Piteå*"), "Kommunikation *Piteå*");
            yield return Sample("help", c, help.Help(c, null), "plan");
            yield return Sample("help, not understood", c, help.Help(c, "**boom** [x](http://evil.example)"), "**boom** [x](http://evil.example)");
            yield return Sample("my activities", c, overview.MyActivities(c, anna, "29:1anna"), anna.Lines[0].Title);
            yield return Sample("my activities, none", c, overview.MyActivities(c, none, "29:1anna"), plan.Title);
            yield return Sample("plan status", c, overview.PlanStatus(c, status, null), "Studiecentrum");
            yield return Sample("plan status, one unit", c, overview.PlanStatus(c, unit, null), "Studiecentrum");
            yield return Sample("plan status, unknown unit", c, overview.PlanStatus(c, status, "rymd_styrelsen"), "rymd_styrelsen");
            yield return Sample("no plan", c, cards.NoPlan(c));
            yield return Sample("not identified", c, cards.NotIdentified(c));
            yield return Sample("error, unknown action", c, cards.Error(c, BotCards.ErrorKind.UnknownAction));
            yield return Sample("error, failed", c, cards.Error(c, BotCards.ErrorKind.Failed));
        }
    }

    private static CardSample Sample(string name, CultureInfo culture, Teams.Schema.Attachment card, params string[] expected)
    {
        Assert.Equal(AdaptiveCard.ContentType, card.ContentType);
        return new CardSample("bot: " + name, culture.Name, card.Content!.Value, expected);
    }

    private static (BotCards Cards, OverviewCards Overview, HelpCards Help) Create()
    {
        var factory = new ResourceManagerStringLocalizerFactory(
            Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);
        var text = new StringLocalizer<Text>(factory);
        var links = new AppLinks(new Uri("https://plan.example.se"));
        var cards = new BotCards(text, links);
        var clock = new OrganisationClock(TimeProvider.System, TimeZoneInfo.Utc, WorkingDayCalendar.SwedishDefault);
        var overview = new OverviewCards(text, links, cards, clock);
        return (cards, overview, new HelpCards(text, cards, overview));
    }
}
