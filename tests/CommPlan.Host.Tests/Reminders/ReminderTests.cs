using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CommPlan.Application.Storage;
using CommPlan.Host.Features.Reminders;
using CommPlan.Host.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static CommPlan.Host.Tests.Bot.BotActivities;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;

namespace CommPlan.Host.Tests.Reminders;

/// <summary>
/// Deadline reminders through the real doors: the sweep writes the card to the outbox, the card's actions arrive at
/// /api/messages as adaptiveCard/action invokes, and communicators read the policy, the preview and the report.
/// The clock stands on Monday 23 November 2026, 09:30 in Stockholm; the test activity is due on Tuesday 24th.
/// </summary>
public sealed class ReminderTests : IAsyncLifetime
{
    private const string Maria = "9b3e5c74-2f50-4eaf-9c63-4d9f5a7c3e03";   // owner, Repris (demo)
    private const string Leila = "ce6b8fa7-5283-41d2-8f96-70c18daf6b06";   // owner of other activities, not a communicator
    private const string MariaChat = "a:1personal-maria";
    private const string AnnaChat = "a:1personal-anna";
    private static readonly string Plan = DemoPlanId.ToString();

    private readonly AppFactory _app = new();
    private HttpClient _client = null!;
    private string _activityId = "";

    public async Task InitializeAsync()
    {
        _client = _app.CreateClient();
        var created = await _client.PostJsonAsync(Activities, new Dictionary<string, object?>
        {
            ["title"] = "Julmarknad på Repris",
            ["unit"] = "repris",
            ["period"] = new { from = "2026-11-02", to = "2026-11-24" },
            ["channels"] = new[] { "annons" },
            ["targetGroups"] = new[] { "allmanhet" },
            ["goals"] = new[] { "intresse" },
            ["owner"] = new { objectId = Maria, displayName = "Maria Öberg" },
            ["followUpMetric"] = "Antal besökare",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        _activityId = (await created.ReadJsonAsync())["id"]!.GetValue<string>();
        await InstallAsync(Maria, MariaChat);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task InstallAsync(string aadObjectId, string conversation)
    {
        var install = Personal("installationUpdate", aadObjectId: aadObjectId, conversationId: conversation);
        install["action"] = "add";
        Assert.Equal(HttpStatusCode.OK, (await _client.PostActivityAsync(install)).StatusCode);
    }

    private Task<CommPlan.Application.Reminders.SweepOutcome?> SweepAsync() =>
        _app.Services.GetRequiredService<ReminderScheduler>().SweepOnceAsync(CancellationToken.None);

    private async Task<IReadOnlyList<OutboxEntry>> OutboxAsync(string conversation)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IOutboxStore>().ListAsync(conversation)).Where(e => e.PayloadJson.Contains("Julmarknad") || e.Operation != OutboxOperation.Send || e.CorrelationKey is null).ToArray();
    }

    private static JsonNode Payload(OutboxEntry entry) => JsonNode.Parse(entry.PayloadJson)!;

    /// <summary>Presses a button of the card sent to Maria, as <paramref name="aadObjectId"/>, with the card's own data and inputs.</summary>
    private async Task<JsonNode> PressAsync(string verb, string aadObjectId = Maria, IDictionary<string, object>? inputs = null)
    {
        var card = Payload((await OutboxAsync(MariaChat)).First(e => e.Operation == OutboxOperation.Send && e.CorrelationKey?.StartsWith("reminder:") == true))["attachments"]![0]!["content"]!;
        var data = FindAction(card, verb)["data"]!.AsObject();
        foreach (var (k, v) in inputs ?? new Dictionary<string, object>()) data[k] = JsonSerializer.SerializeToNode(v);
        var invoke = Invoke(verb, data, conversationId: aadObjectId == Maria ? MariaChat : NewConversation());
        invoke["from"]!["aadObjectId"] = aadObjectId;
        var response = await _client.PostActivityAsync(invoke);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]!.GetValue<string>());
        return body["value"]!;
    }

    private static JsonObject FindAction(JsonNode? node, string verb) => node switch
    {
        JsonObject o when o["verb"]?.GetValue<string>() == verb => o,
        JsonObject o => o.Select(p => p.Value is null ? null : TryFind(p.Value, verb)).FirstOrDefault(x => x is not null) ?? throw new InvalidOperationException("No " + verb),
        JsonArray a => a.Select(x => x is null ? null : TryFind(x, verb)).FirstOrDefault(x => x is not null) ?? throw new InvalidOperationException("No " + verb),
        _ => throw new InvalidOperationException("No " + verb),
    };

    private static JsonObject? TryFind(JsonNode node, string verb)
    {
        try { return FindAction(node, verb); }
        catch (InvalidOperationException) { return null; }
    }

    private async Task<JsonNode> ActivityAsync() => await (await _client.GetAsync($"{Activities}/{_activityId}")).ReadJsonAsync();

    [Fact]
    public async Task The_owner_gets_one_card_whose_summary_says_what_is_due_and_a_second_sweep_sends_nothing_more()
    {
        var first = await SweepAsync();
        var again = await SweepAsync();

        Assert.Equal(1, first!.Queued);
        Assert.Equal(0, again!.Queued);
        var entry = Assert.Single(await OutboxAsync(MariaChat), e => e.CorrelationKey?.StartsWith("reminder:") == true);
        var payload = Payload(entry);
        Assert.Equal("Julmarknad på Repris: deadline tisdag 24 november", payload["summary"]!.GetValue<string>());
        var text = TextOf(payload["attachments"]![0]!["content"]!);
        Assert.Contains("Deadline tisdag 24 november, om 1 arbetsdag", text);
        Assert.Contains("Markera klar", text);
    }

    [Fact]
    public async Task Mark_done_from_the_card_completes_the_activity_and_updates_the_card_in_place()
    {
        await SweepAsync();

        var card = await PressAsync(ReminderVerbs.Done);

        Assert.Contains("Markerad som klar.", TextOf(card));
        Assert.DoesNotContain("Markera klar", TextOf(card));
        Assert.Equal("done", (await ActivityAsync())["status"]!.GetValue<string>());
        var update = Assert.Single(await OutboxAsync(MariaChat), e => e.Operation == OutboxOperation.Update);
        Assert.StartsWith("reminder:", update.TargetCorrelationKey);
        Assert.Contains("Markerad som klar.", update.PayloadJson);
    }

    [Fact]
    public async Task Recording_the_follow_up_figure_from_the_card_stores_it_on_the_activity()
    {
        await SweepAsync();

        var card = await PressAsync(ReminderVerbs.Figure, inputs: new Dictionary<string, object> { ["figure-0"] = "312" });

        Assert.Contains("Registrerat: 312 Antal besökare.", TextOf(card));
        Assert.Equal(312m, (await ActivityAsync())["followUpFigures"]![0]!["value"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_snooze_until_a_date_silences_the_deadline_until_that_day_and_it_is_reminded_once_then()
    {
        await SweepAsync();

        var card = await PressAsync(ReminderVerbs.SnoozeUntil, inputs: new Dictionary<string, object> { ["snoozeUntil-0"] = "2026-11-26" });
        Assert.Contains("Snoozad till torsdag 26 november.", TextOf(card));

        _app.Clock.Advance(TimeSpan.FromDays(1)); // Tuesday: the deadline, snoozed
        Assert.Equal(0, (await SweepAsync())!.Queued);
        _app.Clock.Advance(TimeSpan.FromDays(2)); // Thursday: the snooze ends
        Assert.Equal(1, (await SweepAsync())!.Queued);
    }

    [Fact]
    public async Task Someone_who_is_neither_owner_nor_communicator_gets_an_error_card_and_nothing_changes()
    {
        await SweepAsync();

        var card = await PressAsync(ReminderVerbs.Done, aadObjectId: Leila);

        Assert.Equal("attention", card["body"]![0]!["style"]!.GetValue<string>());
        Assert.Equal("planned", (await ActivityAsync())["status"]!.GetValue<string>());
        Assert.DoesNotContain(await OutboxAsync(MariaChat), e => e.Operation == OutboxOperation.Update);
    }

    [Fact]
    public async Task Not_mine_tells_the_communicator_in_their_chat()
    {
        await InstallAsync(AnnaObjectId, AnnaChat);
        await SweepAsync();

        var card = await PressAsync(ReminderVerbs.NotMine);

        Assert.Contains("Kommunikatören har ombetts att välja en annan ansvarig.", TextOf(card));
        await using var scope = _app.Services.CreateAsyncScope();
        var told = (await scope.ServiceProvider.GetRequiredService<IOutboxStore>().ListAsync(AnnaChat)).Select(e => Payload(e)["text"]?.GetValue<string>()).ToArray();
        Assert.Contains("Anna Lindqvist säger att Julmarknad på Repris (deadline 24 november) inte är deras. Välj en annan ansvarig i planen.", told);
    }

    [Fact]
    public async Task The_delivery_report_names_who_was_not_reached_and_why()
    {
        var other = NewActivity("Adventsfika");
        other["period"] = new { from = "2026-11-02", to = "2026-11-24" };
        other.Remove("deadline");
        Assert.Equal(HttpStatusCode.Created, (await _client.PostJsonAsync(Activities, other)).StatusCode);
        await SweepAsync();

        var report = await (await _client.GetAsync($"/api/plans/{Plan}/reminders/deliveries?from=2026-11-23&to=2026-11-23")).ReadJsonAsync();

        var items = report["items"]!.AsArray();
        Assert.Equal(2, items.Count);
        var johan = items.Single(i => i!["recipientName"]!.GetValue<string>() == "Johan Berg")!;
        Assert.Equal("notInstalled", johan["state"]!.GetValue<string>());
        Assert.Contains("not installed", johan["reason"]!.GetValue<string>());
        var maria = items.Single(i => i!["recipientName"]!.GetValue<string>() == "Maria Öberg")!;
        Assert.Contains(maria["state"]!.GetValue<string>(), new[] { "queued", "sending", "retrying", "sent", "failed" });
        Assert.Equal("before", maria["key"]!.GetValue<string>().Split(':')[2][..6]);
    }

    [Fact]
    public async Task Communicators_change_the_policy_against_its_version_and_the_preview_follows_it()
    {
        var policy = await _client.GetAsync($"/api/plans/{Plan}/reminders/policy");
        Assert.Equal("\"default\"", policy.Headers.ETag!.Tag);
        var preview = await (await _client.GetAsync($"/api/plans/{Plan}/reminders/preview?date=2026-11-23")).ReadJsonAsync();
        Assert.Equal("Maria Öberg", Assert.Single(preview["recipients"]!.AsArray())!["displayName"]!.GetValue<string>());

        var stale = await _client.SendAsync(HttpMethod.Put, $"/api/plans/{Plan}/reminders/policy", Json(new { leadWorkingDays = new[] { 3 } }), "\"7\"");
        var saved = await _client.SendAsync(HttpMethod.Put, $"/api/plans/{Plan}/reminders/policy", Json(new { leadWorkingDays = new[] { 3 } }), "\"default\"");
        var bad = await _client.SendAsync(HttpMethod.Put, $"/api/plans/{Plan}/reminders/policy", Json(new { sendFrom = "17:00", sendUntil = "8" }), saved.Headers.ETag!.Tag);

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var after = await (await _client.GetAsync($"/api/plans/{Plan}/reminders/preview?date=2026-11-23")).ReadJsonAsync();
        Assert.Empty(after["recipients"]!.AsArray());
        var thursday = await (await _client.GetAsync($"/api/plans/{Plan}/reminders/preview?date=2026-11-19")).ReadJsonAsync();
        Assert.Equal("ahead", Assert.Single(thursday["recipients"]!.AsArray())!["items"]![0]!["kind"]!.GetValue<string>());
    }
}
