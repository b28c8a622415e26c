using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CommPlan.Host.Tests.Bot;

/// <summary>Activities as Teams sends them to the bot, and a client that posts them to /api/messages.</summary>
public static class BotActivities
{
    public const string BotId = "28:bot-app-id";
    public const string TenantId = "9f1d4c3e-1a2b-4c5d-8e9f-0a1b2c3d4e5f";
    public const string ServiceUrl = "https://smba.trafficmanager.net/emea/";
    public const string AnnaObjectId = "6f1c7a52-0d3e-4c8e-9a41-2b7d3e5a1c01";
    public const string AnnaId = "29:1anna";
    public const string PersonalConversation = "a:1personal-anna";

    public static JsonObject Personal(string type, string? text = null, string locale = "sv-SE", string? aadObjectId = AnnaObjectId,
        string conversationId = PersonalConversation, string serviceUrl = ServiceUrl, bool expectReplies = true)
    {
        var a = new JsonObject
        {
            ["type"] = type,
            ["id"] = "1" + Guid.NewGuid().ToString("N")[..12],
            ["timestamp"] = "2026-11-23T08:30:00.000Z",
            ["serviceUrl"] = serviceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = AnnaId, ["name"] = "Anna Lindqvist", ["aadObjectId"] = aadObjectId },
            ["conversation"] = new JsonObject { ["id"] = conversationId, ["conversationType"] = "personal", ["tenantId"] = TenantId },
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "Kommunikationsplan" },
            ["locale"] = locale,
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId } },
        };
        if (text is not null) a["text"] = text;
        if (expectReplies) a["deliveryMode"] = "expectReplies";
        return a;
    }

    public static JsonObject Message(string text, string locale = "sv-SE", string? aadObjectId = AnnaObjectId, string conversationId = PersonalConversation) =>
        Personal("message", text, locale, aadObjectId, conversationId);

    public static JsonObject Install(string action = "add", string locale = "sv-SE", string conversationId = PersonalConversation) =>
        With(Personal("installationUpdate", locale: locale, conversationId: conversationId), "action", action);

    public static JsonObject Invoke(string? verb, object? data = null, string locale = "sv-SE", string trigger = "manual", string conversationId = PersonalConversation)
    {
        var action = new JsonObject { ["type"] = "Action.Execute", ["id"] = "btn" };
        if (verb is not null) action["verb"] = verb;
        action["data"] = data is null ? new JsonObject() : JsonSerializer.SerializeToNode(data);
        var a = Personal("invoke", locale: locale, expectReplies: false, conversationId: conversationId);
        a["name"] = "adaptiveCard/action";
        a["value"] = new JsonObject { ["action"] = action, ["trigger"] = trigger };
        return a;
    }

    /// <summary>The app added to a team: Teams sends conversationUpdate for the team's General channel.</summary>
    public static JsonObject TeamInstall(string teamId = "19:team-general@thread.tacv2", string teamName = "Kommunikation")
    {
        var a = Personal("conversationUpdate", expectReplies: true, conversationId: teamId);
        a["conversation"] = new JsonObject { ["id"] = teamId, ["conversationType"] = "channel", ["tenantId"] = TenantId, ["isGroup"] = true };
        a["membersAdded"] = new JsonArray(new JsonObject { ["id"] = BotId });
        a["channelData"] = new JsonObject
        {
            ["eventType"] = "teamMemberAdded",
            ["team"] = new JsonObject { ["id"] = teamId, ["name"] = teamName },
            ["tenant"] = new JsonObject { ["id"] = TenantId },
        };
        return a;
    }

    /// <summary>A personal chat no other test has used, so its language is chosen afresh.</summary>
    public static string NewConversation() => "a:1personal-" + Guid.NewGuid().ToString("N");

    public static JsonObject With(JsonObject a, string name, JsonNode? value)
    {
        a[name] = value;
        return a;
    }

    public static Task<HttpResponseMessage> PostActivityAsync(this HttpClient client, JsonObject activity, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request);
    }

    /// <summary>The cards of the replies returned for "expectReplies".</summary>
    public static async Task<IReadOnlyList<JsonNode>> RepliesAsync(this HttpResponseMessage response)
    {
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return body["activities"]!.AsArray().Select(a => a!).ToList();
    }

    public static JsonNode CardOf(JsonNode reply) => reply["attachments"]![0]!["content"]!;

    /// <summary>All text shown on a card, for asserting what a reader sees.</summary>
    public static string TextOf(JsonNode card) => string.Join("\n", Walk(card));

    private static IEnumerable<string> Walk(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o)
                {
                    if (k is "text" or "title" or "value" && v is JsonValue value && value.TryGetValue<string>(out var s)) yield return s;
                    foreach (var inner in Walk(v)) yield return inner;
                }
                break;
            case JsonArray arr:
                foreach (var item in arr)
                foreach (var inner in Walk(item)) yield return inner;
                break;
        }
    }
}
