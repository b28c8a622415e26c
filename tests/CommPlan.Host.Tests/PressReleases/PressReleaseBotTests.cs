using System.Net;
using System.Text.Json.Nodes;
using CommPlan.Application.Demo;
using CommPlan.Application.Storage;
using CommPlan.Host.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static CommPlan.Host.Tests.Bot.BotActivities;

namespace CommPlan.Host.Tests.PressReleases;

/// <summary>
/// The approval flow through /api/messages: Anna (the demo plan's communicator) marks a group chat as the approval
/// conversation and submits; Sara (a manager, no communicator) cannot decide; decisions are answered in the invoke and
/// the posted card is updated for everyone through the outbox.
/// </summary>
public sealed class PressReleaseBotTests : IAsyncLifetime
{
    private const string GroupChat = "19:management-group@thread.v2";
    private const string SaraObjectId = "bd5a7e96-4172-40c1-9e85-6fb07c9e5a05";
    private readonly AppFactory _app = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = _app.CreateClient();
        // Anna has the app in her personal chat: the app knows her Teams id, for the card's refresh.
        Assert.Equal(HttpStatusCode.OK, (await _client.PostActivityAsync(Install(locale: "en-US"))).StatusCode);
        var mark = InGroupChat(Message("approval chat", locale: "en-US"));
        var replies = await (await _client.PostActivityAsync(mark)).RepliesAsync();
        Assert.Contains("now receives the approval cards", TextOf(CardOf(Assert.Single(replies))));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static JsonObject InGroupChat(JsonObject activity)
    {
        activity["conversation"] = new JsonObject { ["id"] = GroupChat, ["conversationType"] = "groupChat", ["tenantId"] = TenantId, ["isGroup"] = true };
        return activity;
    }

    private static JsonObject AsSara(JsonObject activity)
    {
        activity["from"] = new JsonObject { ["id"] = "29:1sara", ["name"] = "Sara Holm", ["aadObjectId"] = SaraObjectId };
        return activity;
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> InvokeAsync(JsonObject invoke)
    {
        var response = await _client.PostActivityAsync(invoke);
        return (response.StatusCode, await response.ReadJsonAsync());
    }

    private static object Form(string title = "Vårrensning på Repris") => new
    {
        planId = DemoPlan.PlanId.ToString(),
        title,
        lead = "Repris tar emot det du rensar ut.",
        body = "Hela texten.",
        sendDate = "2026-12-01",
        sendTime = "09:30",
        unit = "repris",
        contact = "Anna Lindqvist",
    };

    private async Task<Guid> SubmitAsync()
    {
        var (status, body) = await InvokeAsync(Invoke("pressrelease.submit", Form(), "en-US"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Submitted: Vårrensning på Repris", TextOf(body["value"]!));
        await using var scope = _app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IPressReleaseStore>().ListAsync(DemoPlan.PlanId, default)).Single().Value.Id;
    }

    private object Decision(Guid id, string decision, int version = 1, string? comment = null) =>
        new { planId = DemoPlan.PlanId.ToString(), releaseId = id.ToString(), version, decision, comment };

    private async Task<IReadOnlyList<OutboxEntry>> OutboxAsync(string conversation)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IOutboxStore>().ListAsync(conversation);
    }

    private async Task<int> RecordCountAsync(Guid id)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IPressReleaseStore>().ListAuditAsync(DemoPlan.PlanId, id, default)).Count;
    }

    [Fact]
    public async Task The_command_answers_with_the_submission_form_for_the_current_plan()
    {
        var replies = await (await _client.PostActivityAsync(Message("press release", locale: "en-US"))).RepliesAsync();

        var card = CardOf(Assert.Single(replies));
        Assert.Contains("Submit a press release", TextOf(card));
        Assert.Equal("pressrelease.submit", (string?)card["actions"]![0]!["verb"]);
    }

    [Fact]
    public async Task A_submission_posts_a_read_only_approval_card_that_refreshes_for_the_communicators()
    {
        var id = await SubmitAsync();

        var sent = Assert.Single(await OutboxAsync(GroupChat), e => e.CorrelationKey == $"press-release:{id:N}");
        var card = JsonNode.Parse(sent.PayloadJson)!["attachments"]![0]!["content"]!;
        Assert.Equal(["29:1anna"], card["refresh"]!["userIds"]!.AsArray().Select(u => (string?)u));
        Assert.Equal("pressrelease.view", (string?)card["refresh"]!["action"]!["verb"]);
        Assert.DoesNotContain(card["actions"]!.AsArray(), a => (string?)a!["type"] == "Action.Execute");
        Assert.Contains(card["actions"]!.AsArray(), a => ((string?)a!["url"])?.Contains($"/releases/") == true);
        Assert.Contains("Vårrensning", (string?)JsonNode.Parse(sent.PayloadJson)!["summary"]);
    }

    [Fact]
    public async Task The_refresh_shows_communicators_the_buttons_and_others_a_read_only_card()
    {
        var id = await SubmitAsync();
        var ids = new { planId = DemoPlan.PlanId.ToString(), releaseId = id.ToString() };

        var (_, anna) = await InvokeAsync(InGroupChat(Invoke("pressrelease.view", ids, "en-US", "automatic")));
        var (_, sara) = await InvokeAsync(AsSara(InGroupChat(Invoke("pressrelease.view", ids, "en-US", "automatic"))));

        Assert.Equal(3, anna["value"]!["actions"]!.AsArray().Count(a => (string?)a!["verb"] == "pressrelease.decide"));
        Assert.DoesNotContain(sara["value"]!["actions"]!.AsArray(), a => (string?)a!["verb"] == "pressrelease.decide");
    }

    [Fact]
    public async Task A_non_communicator_pressing_a_forwarded_button_gets_an_error_card_and_nothing_changes()
    {
        var id = await SubmitAsync();

        var (status, body) = await InvokeAsync(AsSara(Invoke("pressrelease.decide", Decision(id, "Approve"), "en-US")));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Only the plan’s communicators may do this.", TextOf(body["value"]!));
        Assert.Equal(1, await RecordCountAsync(id));
    }

    [Fact]
    public async Task An_approval_is_answered_with_the_decided_card_and_the_posted_card_is_updated_for_everyone_once()
    {
        var id = await SubmitAsync();

        var (status, body) = await InvokeAsync(InGroupChat(Invoke("pressrelease.decide", Decision(id, "Approve"), "en-US")));
        var (_, again) = await InvokeAsync(InGroupChat(Invoke("pressrelease.decide", Decision(id, "Reject", comment: "Nej."), "en-US")));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Approved by Anna Lindqvist", TextOf(body["value"]!));
        Assert.DoesNotContain(body["value"]!["actions"]!.AsArray(), a => (string?)a!["type"] == "Action.Execute");
        Assert.Contains("Already decided by Anna Lindqvist", TextOf(again["value"]!));
        Assert.Equal(2, await RecordCountAsync(id));
        var entries = await OutboxAsync(GroupChat);
        var update = Assert.Single(entries, e => e.Operation == OutboxOperation.Update);
        Assert.Equal($"press-release:{id:N}", update.TargetCorrelationKey);
        Assert.Null(JsonNode.Parse(update.PayloadJson)!["attachments"]![0]!["content"]!["refresh"]);
        Assert.Contains(entries, e => e.Operation == OutboxOperation.Send && e.PayloadJson.Contains("Approved press release"));
    }

    [Fact]
    public async Task Changes_requested_reach_the_submitter_1_1_and_a_press_on_the_old_version_gets_the_412_answer()
    {
        var id = await SubmitAsync();
        var (_, asked) = await InvokeAsync(InGroupChat(Invoke("pressrelease.decide", Decision(id, "RequestChanges", comment: "Kortare ingress."), "en-US")));
        Assert.Contains("Changes requested by Anna Lindqvist", TextOf(asked["value"]!));
        var toSubmitter = Assert.Single(await OutboxAsync(PersonalConversation), e => e.PayloadJson.Contains("pressrelease.resubmit"));
        Assert.Contains("Kortare ingress.", toSubmitter.PayloadJson);

        var resubmitted = await InvokeAsync(Invoke("pressrelease.resubmit",
            new { planId = DemoPlan.PlanId.ToString(), releaseId = id.ToString(), title = "Kortare", lead = "Kort.", body = "Text.", sendDate = "2026-12-01", sendTime = "10:00", contact = "Anna" }, "en-US"));
        Assert.Contains("Version 2 waits", TextOf(resubmitted.Body["value"]!));
        var (status, stale) = await InvokeAsync(InGroupChat(Invoke("pressrelease.decide", Decision(id, "Approve", version: 1), "en-US")));

        Assert.Equal(HttpStatusCode.PreconditionFailed, status);
        Assert.Equal(412, (int)stale["statusCode"]!);
        Assert.Equal("application/vnd.microsoft.error.preconditionFailed", (string?)stale["type"]);
        Assert.Equal(3, await RecordCountAsync(id));
    }
}
