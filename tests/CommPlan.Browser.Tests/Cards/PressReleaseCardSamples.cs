using System.Globalization;
using CommPlan.Application;
using CommPlan.Application.Demo;
using CommPlan.Domain.Calendar;
using CommPlan.Domain.PressReleases;
using CommPlan.Host;
using CommPlan.Host.Bot;
using CommPlan.Host.Features.PressReleases;
using CommPlan.Teams.Cards;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CommPlan.Browser.Tests.Cards;

/// <summary>The press-release cards in each language: the form, the approval card in every view, and the notices.</summary>
public static class PressReleaseCardSamples
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly Person Sara = new(DemoPlan.ManagementGroup.ObjectId!.Value, "Sara *Holm*");
    private static readonly Person Anna = new(DemoPlan.Communicator.ObjectId!.Value, "Anna Lindqvist");

    public static IEnumerable<CardSample> All()
    {
        var plan = DemoPlan.BuildPlan(2026);
        var content = PressReleaseContent.Create("Vårrensning på **Repris**", "Repris tar emot det du rensar ut.", "Första stycket.\nAndra [stycket](http://evil.example).",
            T0.AddDays(7), "repris", null, "Sara Holm, 0911-000 00");
        var (submitted, e1) = PressRelease.Submit(Guid.NewGuid(), plan.Id, content, Sara, T0);
        var (changes, e2) = submitted.Decide(PressReleaseDecision.RequestChanges, 1, Anna, T0.AddHours(1), "Kortare ingress, tack.");
        var (approved, e3) = submitted.Decide(PressReleaseDecision.Approve, 1, Anna, T0.AddHours(1), null);
        var cards = Create();
        foreach (var locale in CardSamples.Locales)
        {
            var c = new CultureInfo(locale);
            yield return Sample("press release form", c, cards.Form(c, plan));
            yield return Sample("press release submitted", c, cards.Submitted(c, submitted), "Repris");
            yield return Sample("approval card, base", c, cards.Approval(c, submitted, [e1], canDecide: false, ["29:1anna"]), "Repris tar emot");
            yield return Sample("approval card, communicator", c, cards.Approval(c, submitted, [e1], canDecide: true, ["29:1anna"]), "Repris tar emot");
            yield return Sample("approval card, more communicators than the refresh takes", c,
                cards.Approval(c, submitted, [e1], canDecide: false, Enumerable.Range(0, CardRefresh.MaxUserIds + 1).Select(i => $"29:1user{i}").ToArray()), "Repris tar emot");
            yield return Sample("approval card, decided", c, cards.Approval(c, approved, [e1, e3], canDecide: false), "Anna Lindqvist");
            yield return Sample("approval card, already decided", c, cards.Approval(c, approved, [e1, e3], canDecide: false, notice: cards.AlreadyDecided(approved)), "Anna Lindqvist");
            yield return Sample("changes requested", c, cards.ChangesRequested(c, plan, changes), "Kortare ingress, tack.");
            yield return Sample("press release approved", c, cards.Approved(c, approved), "Repris tar emot");
            yield return Sample("approval conversation set", c, cards.ConversationSet(c, plan));
            _ = e2;
        }
    }

    private static CardSample Sample(string name, CultureInfo culture, Teams.Schema.Attachment card, params string[] expected)
    {
        Assert.Equal(AdaptiveCard.ContentType, card.ContentType);
        return new CardSample("press release: " + name, culture.Name, card.Content!.Value, expected);
    }

    private static PressReleaseCards Create()
    {
        var factory = new ResourceManagerStringLocalizerFactory(
            Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);
        var links = new AppLinks(new Uri("https://plan.example.se"));
        var common = new BotCards(new StringLocalizer<Text>(factory), links);
        var clock = new OrganisationClock(TimeProvider.System, TimeZoneInfo.Utc, WorkingDayCalendar.SwedishDefault);
        return new PressReleaseCards(new StringLocalizer<TextPressReleases>(factory), common, links, clock);
    }
}
