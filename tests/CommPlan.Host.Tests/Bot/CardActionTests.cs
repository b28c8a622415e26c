using System.Net;
using System.Text.Json.Nodes;
using CommPlan.Host.Tests.Infrastructure;
using static CommPlan.Host.Tests.Bot.BotActivities;

namespace CommPlan.Host.Tests.Bot;

/// <summary>Universal Actions: an adaptiveCard/action invoke is answered with the documented invoke response.</summary>
public sealed class CardActionTests(CardActionTests.App app) : IClassFixture<CardActionTests.App>
{
    public sealed class App : IAsyncLifetime
    {
        public AppFactory Factory { get; } = new();
        public Task InitializeAsync() => Task.CompletedTask;
        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }

    private readonly HttpClient _client = app.Factory.CreateClient();

    private async Task<(HttpStatusCode Status, JsonNode Body)> InvokeAsync(JsonObject invoke)
    {
        var response = await _client.PostActivityAsync(invoke);
        return (response.StatusCode, await response.ReadJsonAsync());
    }

    [Fact]
    public async Task A_known_verb_answers_with_a_card_that_replaces_the_old_one()
    {
        var (status, body) = await InvokeAsync(Invoke("activities.mine"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]!.GetValue<string>());
        Assert.Contains("Dina aktiviteter", TextOf(body["value"]!));
    }

    [Fact]
    public async Task An_automatic_refresh_is_answered_like_a_press()
    {
        var (pressStatus, press) = await InvokeAsync(Invoke("activities.mine"));
        var (status, refresh) = await InvokeAsync(Invoke("activities.mine", trigger: "automatic"));

        Assert.Equal(HttpStatusCode.OK, pressStatus);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(200, refresh["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", refresh["type"]!.GetValue<string>());
        Assert.Equal(TextOf(press["value"]!), TextOf(refresh["value"]!));
    }

    [Fact]
    public async Task The_plan_card_shows_the_unit_chosen_in_its_input()
    {
        var (_, body) = await InvokeAsync(Invoke("plan.status", new { unit = "vlc" }, "nb-NO", conversationId: NewConversation()));
        var shown = TextOf(body["value"]!);
        Assert.Contains("Status: VLC – vuxenutbildning, lärling", shown);
        Assert.Contains("ferdige", shown);
    }

    [Fact]
    public async Task An_unknown_verb_answers_with_an_error_card()
    {
        var (status, body) = await InvokeAsync(Invoke("rocket.launch", locale: "en-US", conversationId: NewConversation()));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]!.GetValue<string>());
        Assert.Contains("This button is not known", TextOf(body["value"]!));
    }

    [Fact]
    public async Task An_action_without_a_verb_is_a_bad_request_in_the_invoke_contract()
    {
        var (status, body) = await InvokeAsync(Invoke(null));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(400, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.error", body["type"]!.GetValue<string>());
        Assert.NotNull(body["value"]!["message"]);
    }

    [Fact]
    public async Task Other_invokes_are_not_implemented()
    {
        var invoke = Invoke("x");
        invoke["name"] = "composeExtension/query";
        Assert.Equal(HttpStatusCode.NotImplemented, (await _client.PostActivityAsync(invoke)).StatusCode);
    }

    [Fact]
    public async Task An_action_submit_from_an_older_client_arrives_as_a_message_and_gets_a_reply()
    {
        var submit = Message("");
        submit.Remove("text");
        submit["value"] = new JsonObject { ["verb"] = "plan.status", ["unit"] = "sc" };
        var replies = await (await _client.PostActivityAsync(submit)).RepliesAsync();
        Assert.Contains("Status: Studiecentrum", TextOf(CardOf(Assert.Single(replies))));
    }
}
