using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CommPlan.Host.Tests.Infrastructure;
using CommPlan.Teams.Schema;
using static CommPlan.Host.Tests.Bot.BotActivities;

namespace CommPlan.Host.Tests.Bot;

/// <summary>What no handler should see is refused with a clean 400, 413 or 415 that says what is wrong.</summary>
public sealed class BotDoorInputTests(BotDoorInputTests.App app) : IClassFixture<BotDoorInputTests.App>
{
    public sealed class App : IAsyncLifetime
    {
        public AppFactory Factory { get; } = new();
        public Task InitializeAsync() => Task.CompletedTask;
        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }

    private readonly HttpClient _client = app.Factory.CreateClient();

    private Task<HttpResponseMessage> PostRawAsync(string body, string contentType = "application/json")
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return _client.PostAsync("/api/messages", content);
    }

    [Theory]
    [InlineData("{\"type\":\"message\",")]
    [InlineData("not json at all")]
    [InlineData("")]
    public async Task Malformed_json_is_a_400(string body)
    {
        var response = await PostRawAsync(body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_json_array_is_a_400() =>
        Assert.Equal(HttpStatusCode.BadRequest, (await PostRawAsync("[]")).StatusCode);

    [Fact]
    public async Task Missing_required_fields_are_named()
    {
        var response = await PostRawAsync("{\"type\":\"message\",\"text\":\"hi\"}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync())["errors"]!.AsObject();
        Assert.Equal(["channelId", "conversation.id", "from.id", "serviceUrl"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_unknown_activity_type_is_a_400()
    {
        var response = await _client.PostActivityAsync(Personal("selfDestruct"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var codes = (await response.ReadJsonAsync())["codes"]!["type"]!.AsArray().Select(c => c!.GetValue<string>());
        Assert.Contains("unknown_activity_type", codes);
    }

    [Fact]
    public async Task A_service_url_that_is_not_an_http_address_is_a_400()
    {
        var response = await _client.PostActivityAsync(Personal("message", "hjälp", serviceUrl: "javascript:alert(1)"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadJsonAsync())["errors"]!["serviceUrl"]);
    }

    [Fact]
    public async Task A_field_of_the_wrong_shape_is_a_400_naming_it()
    {
        var activity = Message("hjälp");
        activity["from"] = "not an account";
        var response = await _client.PostActivityAsync(activity);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadJsonAsync())["errors"]!["from"]);
    }

    [Fact]
    public async Task An_invoke_without_a_name_is_a_400()
    {
        var invoke = Invoke("activities.mine");
        invoke.Remove("name");
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PostActivityAsync(invoke)).StatusCode);
    }

    [Theory]
    [InlineData("application/jsonx")]
    [InlineData("application/json-patch")]
    [InlineData("application/json; charset=utf-16")]
    public async Task A_type_that_only_looks_like_json_is_a_415(string contentType)
    {
        var response = await PostRawAsync(Message("hjälp").ToJsonString(), contentType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Json_as_Teams_sends_it_with_a_charset_is_taken() =>
        Assert.Equal(HttpStatusCode.OK, (await PostRawAsync(Message("hjälp").ToJsonString(), "application/json; charset=utf-8")).StatusCode);

    [Theory]
    [InlineData("type")]
    [InlineData("text")]
    public async Task A_key_given_twice_is_a_400_naming_it(string key)
    {
        var json = Message("hjälp").ToJsonString();
        var twice = "{\"" + key + "\":\"event\"," + json[1..];

        var response = await PostRawAsync(twice);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var codes = (await response.ReadJsonAsync())["codes"]![key]!.AsArray().Select(c => c!.GetValue<string>());
        Assert.Equal(["duplicate_key"], codes);
    }

    [Fact]
    public async Task A_key_given_twice_inside_a_nested_object_is_named_by_its_path()
    {
        var json = Message("hjälp").ToJsonString().Replace("\"conversationType\":\"personal\"", "\"conversationType\":\"personal\",\"id\":\"a:someone-else\"");

        var response = await PostRawAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadJsonAsync())["codes"]!["conversation.id"]);
    }

    [Fact]
    public async Task The_same_key_in_two_objects_of_a_list_is_not_a_duplicate()
    {
        var activity = Message("hjälp");
        activity["entities"] = new JsonArray(
            new JsonObject { ["type"] = "clientInfo", ["locale"] = "sv-SE" },
            new JsonObject { ["type"] = "mention", ["text"] = "<at>Kommunikationsplan</at>" });
        Assert.Equal(HttpStatusCode.OK, (await _client.PostActivityAsync(activity)).StatusCode);
    }

    [Fact]
    public async Task A_conversation_id_over_the_bound_is_a_400_naming_the_field()
    {
        var activity = Personal("message", "hjälp", conversationId: "a:" + new string('x', 100 * 1024));

        var response = await _client.PostActivityAsync(activity);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.Equal(["too_long"], problem["codes"]!["conversation.id"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.DoesNotContain("xxxxxxxxxx", problem.ToJsonString());
    }

    [Fact]
    public async Task A_conversation_id_as_long_as_the_bound_is_taken()
    {
        var activity = Personal("message", "hjälp", conversationId: "a:" + new string('x', 1022));
        Assert.Equal(HttpStatusCode.OK, (await _client.PostActivityAsync(activity)).StatusCode);
    }

    [Fact]
    public async Task An_overlong_sender_id_is_a_400_naming_the_field()
    {
        var activity = Message("hjälp");
        activity["from"]!["id"] = "29:" + new string('y', 5000);

        var response = await _client.PostActivityAsync(activity);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadJsonAsync())["errors"]!["from.id"]);
    }

    [Fact]
    public async Task Text_that_is_not_json_is_a_415() =>
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await PostRawAsync(Message("hjälp").ToJsonString(), "text/plain")).StatusCode);

    [Fact]
    public async Task A_body_over_the_limit_is_a_413()
    {
        var activity = Message(new string('x', 300 * 1024));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await _client.PostActivityAsync(activity)).StatusCode);
    }

    [Fact]
    public async Task Unknown_fields_are_accepted_and_kept()
    {
        var activity = Message("hjälp");
        activity["somethingNew"] = new JsonObject { ["x"] = 1 };
        activity["from"]!["somethingElse"] = "y";

        var response = await _client.PostActivityAsync(activity);
        // Kept: the activity as the door reads it carries them, and writes them out again unchanged.
        var read = JsonSerializer.Deserialize<Activity>(activity.ToJsonString(), ProtocolJson.Options)!;
        var written = JsonNode.Parse(JsonSerializer.Serialize(read, ProtocolJson.Options))!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Det här kan jag", TextOf(CardOf(Assert.Single(await response.RepliesAsync()))));
        Assert.Equal(1, written["somethingNew"]!["x"]!.GetValue<int>());
        Assert.Equal("y", written["from"]!["somethingElse"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("typing")]
    [InlineData("messageReaction")]
    [InlineData("event")]
    public async Task Known_types_the_bot_does_not_handle_are_acknowledged(string type)
    {
        var response = await _client.PostActivityAsync(Personal(type));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.RepliesAsync());
    }
}
