using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CommPlan.Application.Demo;
using CommPlan.Application.Storage;
using CommPlan.Domain.Activities;
using CommPlan.Host.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static CommPlan.Host.Tests.Bot.BotActivities;

namespace CommPlan.Host.Tests.Bot;

/// <summary>What people type to the bot in personal chat, answered in their language from the demo plan.</summary>
public sealed class BotCommandTests(BotCommandTests.App app) : IClassFixture<BotCommandTests.App>
{
    public sealed class App : IAsyncLifetime
    {
        public AppFactory Factory { get; } = new();
        public Task InitializeAsync() => Task.CompletedTask;
        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }

    private readonly HttpClient _client = app.Factory.CreateClient();

    /// <summary>Asks in a chat of its own unless one is named: the chat's language is chosen by its first message.</summary>
    private async Task<JsonNode> AskAsync(string text, string locale = "sv-SE", string? aadObjectId = AnnaObjectId, string? conversationId = null)
    {
        conversationId ??= NewConversation();
        var response = await _client.PostActivityAsync(Message(text, locale, aadObjectId, conversationId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(await response.RepliesAsync());
        Assert.Equal("message", reply["type"]!.GetValue<string>());
        Assert.Equal(conversationId, reply["conversation"]!["id"]!.GetValue<string>());
        Assert.Equal(AnnaId, reply["recipient"]!["id"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(reply["summary"]?.GetValue<string>()));
        var card = CardOf(reply);
        Assert.Equal("AdaptiveCard", card["type"]!.GetValue<string>());
        return card;
    }

    [Theory]
    [InlineData("hjälp", "sv-SE", "Det här kan jag", "mina aktiviteter")]
    [InlineData("Hjälp!", "sv-FI", "Det här kan jag", "mina aktiviteter")]
    [InlineData("hjelp", "nb-NO", "Dette kan jeg", "mine aktiviteter")]
    [InlineData("hjelp", "nn-NO", "Dette kan jeg", "mine aktiviteter")]
    [InlineData("help", "en-GB", "What I can do", "my activities")]
    [InlineData("<at>Kommunikationsplan</at> help", "en-US", "What I can do", "my activities")]
    public async Task Help_lists_the_commands_in_the_readers_language(string text, string locale, string heading, string command)
    {
        var shown = TextOf(await AskAsync(text, locale));
        Assert.Contains(heading, shown);
        Assert.Contains(command, shown);
    }

    [Fact]
    public async Task A_locale_the_app_does_not_speak_gets_the_organisations_language() =>
        Assert.Contains("Det här kan jag", TextOf(await AskAsync("help", "de-DE")));

    [Fact]
    public async Task My_activities_lists_the_senders_open_activities_late_first()
    {
        // The demo leaves none of Anna's activities late on this date: one is added, due in January and never done,
        // so that late and on-time lines are both there to be ordered.
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var plan = Assert.Single(await scope.ServiceProvider.GetRequiredService<IPlanStore>().ListAsync(default));
            var today = DateOnly.FromDateTime(app.Factory.Clock.GetUtcNow().UtcDateTime);
            await scope.ServiceProvider.GetRequiredService<IActivityStore>().AddAsync(Activity.Create(Guid.NewGuid(), plan, new ActivityDetails
            {
                Title = "Försenad årsplanering",
                UnitKey = "avdelningen",
                Period = Period.Month(plan.Year, 1),
                Channels = ["webb"],
                TargetGroups = ["allmanhet"],
                Goals = ["kannedom-utbud"],
                Owner = DemoPlan.Communicator,
            }, today), default);
        }

        var card = await AskAsync("mina aktiviteter");
        var shown = TextOf(card);
        Assert.Contains("Dina aktiviteter", shown);
        var count = Assert.Single(Regex.Matches(shown, @"(\d+) öppna, (\d+) försenade"));
        var lines = ActivityLinesOf(card);
        Assert.InRange(lines.Count, 1, int.Parse(count.Groups[1].Value));
        // Open only: each line's status is planned or in progress, never done or cancelled.
        Assert.All(lines, l => Assert.Matches(" · (Planerad|Pågår)$", l.UnitAndStatus));
        // Late first: every late line comes before the first one that is not late, and there are both.
        var late = lines.Select(l => l.Due.StartsWith("Försenad sedan ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(Math.Min(int.Parse(count.Groups[2].Value), lines.Count), late.Count(l => l));
        Assert.Contains(true, late);
        Assert.Contains(false, late);
        Assert.Equal(late.OrderByDescending(l => l), late);
        // Each line links to the activity, so a client without Action.Execute still gets there.
        var links = card.ToJsonString();
        Assert.Contains("\"selectAction\":{\"type\":\"Action.OpenUrl\"", links);
        // With no PublicUrl, links go to the address the request came to (the test server's).
        Assert.Contains("http://localhost/#a-", links);
        // Teams refreshes the list for this person when they look at it again.
        Assert.Equal(AnnaId, card["refresh"]!["userIds"]![0]!.GetValue<string>());
        Assert.Equal("activities.mine", card["refresh"]!["action"]!["verb"]!.GetValue<string>());
    }

    /// <summary>The activity lines of a card: title, "unit · status" and when it is due, as shown.</summary>
    private static IReadOnlyList<(string Title, string UnitAndStatus, string Due)> ActivityLinesOf(JsonNode card) =>
        Descendants(card)
            .Where(o => (string?)o["type"] == "Container" && o["items"] is JsonArray { Count: 1 } items && (string?)items[0]!["type"] == "ColumnSet")
            .Select(o => Descendants(o).Where(t => (string?)t["type"] == "TextBlock").Select(t => t["text"]!.GetValue<string>()).ToArray())
            .Select(t => (t[0], t[1], t[2]))
            .ToList();

    private static IEnumerable<JsonObject> Descendants(JsonNode? node) => node switch
    {
        JsonObject o => o.Select(p => p.Value).SelectMany(Descendants).Prepend(o),
        JsonArray a => a.SelectMany(Descendants),
        _ => [],
    };

    [Fact]
    public async Task My_activities_for_someone_who_owns_nothing_says_so()
    {
        var shown = TextOf(await AskAsync("my activities", "en-US", Guid.NewGuid().ToString()));
        Assert.Contains("You have no open activities in", shown);
    }

    [Fact]
    public async Task Plan_shows_the_status_of_the_senders_unit()
    {
        var card = await AskAsync("plan");
        var shown = TextOf(card);
        Assert.Matches(@"\d+ av \d+ klara, \d+ pågår, \d+ försenade", shown);
        Assert.Contains("Försenat", shown);
        // Anna works in a unit of her own: that unit is chosen, not every unit.
        Assert.NotEqual("*", card["body"]!.AsArray().Last()!["value"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("sv-SE", "din verksamhet")]
    [InlineData("nb-NO", "din enhet")]
    [InlineData("en-US", "your unit")]
    public async Task Help_says_that_plan_without_a_unit_shows_the_senders_own(string locale, string promise) =>
        Assert.Contains(promise, TextOf(await AskAsync("help", locale)));

    [Fact]
    public async Task Plan_counts_each_activity_once()
    {
        // Every unit and the whole plan: done, in progress and late never add up to more than there is.
        var lines = Regex.Matches(TextOf(await InvokeStatusAsync("*")), @"(\d+) of (\d+) done, (\d+) in progress, (\d+) late");
        Assert.NotEmpty(lines);
        Assert.All(lines, m => Assert.True(
            int.Parse(m.Groups[1].Value) + int.Parse(m.Groups[3].Value) + int.Parse(m.Groups[4].Value) <= int.Parse(m.Groups[2].Value), m.Value));
    }

    private async Task<JsonNode> InvokeStatusAsync(string unit)
    {
        var response = await _client.PostActivityAsync(Invoke("plan.status", new { unit }, "en-US", conversationId: NewConversation()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["value"]!;
    }

    [Fact]
    public async Task Plan_for_one_unit_names_it_once()
    {
        var card = await AskAsync("plan studiecentrum");
        var shown = TextOf(card);
        var choices = card["body"]!.AsArray().Last()!["choices"]!.AsArray().Select(c => c!["title"]!.GetValue<string>());
        // The heading names the unit; its progress and its late lines do not repeat it (the unit picker lists it once more).
        Assert.Equal(1 + choices.Count(c => c == "Studiecentrum"), Regex.Matches(shown, "Studiecentrum").Count);
    }

    [Fact]
    public async Task A_chat_keeps_the_language_it_was_welcomed_in()
    {
        var conversation = NewConversation();
        var welcome = await (await _client.PostActivityAsync(Install(locale: "sv-SE", conversationId: conversation))).RepliesAsync();
        Assert.Contains("Välkommen", TextOf(CardOf(Assert.Single(welcome))));
        // Later activities of the same person come with another locale (a client set to English): still Swedish.
        var shown = TextOf(await AskAsync("help", "en-US", conversationId: conversation));
        Assert.Contains("Det här kan jag", shown);
        Assert.DoesNotContain("What I can do", shown);
    }

    [Fact]
    public async Task A_chat_first_seen_without_a_locale_speaks_the_organisations_language_and_keeps_it()
    {
        var conversation = NewConversation();
        var first = Message("help", conversationId: conversation);
        first.Remove("locale");
        Assert.Contains("Det här kan jag", TextOf(CardOf(Assert.Single(await (await _client.PostActivityAsync(first)).RepliesAsync()))));
        Assert.Contains("Det här kan jag", TextOf(await AskAsync("help", "en-GB", conversationId: conversation)));
    }

    [Fact]
    public async Task A_deadline_within_two_weeks_is_also_told_in_working_days()
    {
        var owner = Guid.NewGuid();
        DateOnly due;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var plan = Assert.Single(await scope.ServiceProvider.GetRequiredService<IPlanStore>().ListAsync(default));
            var clock = scope.ServiceProvider.GetRequiredService<CommPlan.Application.OrganisationClock>();
            var today = clock.Today;
            due = clock.Calendar.AddWorkingDays(today, 3);
            await scope.ServiceProvider.GetRequiredService<IActivityStore>().AddAsync(Activity.Create(Guid.NewGuid(), plan, new ActivityDetails
            {
                Title = "Snart klar",
                UnitKey = "avdelningen",
                Period = new Period(today, due),
                Deadline = due,
                Channels = ["webb"],
                TargetGroups = ["allmanhet"],
                Goals = ["kannedom-utbud"],
                Owner = new Owner(owner, "Bo Berg"),
            }, today), default);
        }
        var line = Assert.Single(ActivityLinesOf(await AskAsync("mina aktiviteter", aadObjectId: owner.ToString())));
        Assert.Equal($"Klar senast {due.ToString("d MMMM", new System.Globalization.CultureInfo("sv"))}, om 3 arbetsdagar", line.Due);
    }

    [Fact]
    public async Task Swedish_cards_call_a_unit_verksamhet_everywhere()
    {
        var shown = TextOf(await AskAsync("hjälp")) + "\n" + TextOf(await AskAsync("plan rymdstyrelsen"));
        Assert.Contains("verksamhet", shown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("enhet", shown, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Plan_with_a_unit_name_shows_that_unit()
    {
        var card = await AskAsync("plan studiecentrum");
        Assert.Contains("Status: Studiecentrum", TextOf(card));
        Assert.Equal("sc", card["body"]!.AsArray().Last()!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Plan_with_an_unknown_unit_says_so_and_shows_the_whole_plan()
    {
        var shown = TextOf(await AskAsync("plan rymdstyrelsen", "sv-SE"));
        Assert.Contains("Det finns ingen verksamhet som heter ”rymdstyrelsen”", shown);
        Assert.Contains("Hela planen", shown);
    }

    [Fact]
    public async Task Unknown_text_gets_help_and_shows_what_was_typed_literally()
    {
        var shown = TextOf(await AskAsync("**boom** [x](http://evil)"));
        Assert.Contains("Det här kan jag", shown);
        Assert.Contains(@"\*\*boom\*\* \[x\](http://evil)", shown);
    }
}
