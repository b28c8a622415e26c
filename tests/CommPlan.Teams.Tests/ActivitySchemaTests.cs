using System.Text.Json;
using System.Text.Json.Nodes;
using CommPlan.Teams.Schema;

namespace CommPlan.Teams.Tests;

public sealed class ActivitySchemaTests
{
    private const string TeamsMessage = """
    {
      "type": "message", "id": "1700000000000", "timestamp": "2026-11-23T09:00:00.000Z",
      "serviceUrl": "https://smba.trafficmanager.net/emea/", "channelId": "msteams",
      "from": { "id": "29:1abc", "name": "Anna Lindqvist", "aadObjectId": "6f1c7a52-0d3e-4c8e-9a41-2b7d3e5a1c01" },
      "conversation": { "conversationType": "personal", "tenantId": "tenant-1", "id": "a:1xyz" },
      "recipient": { "id": "28:bot-id", "name": "Kommunikationsplan" },
      "text": "mina aktiviteter", "locale": "sv-SE", "localTimezone": "Europe/Stockholm",
      "entities": [ { "type": "clientInfo", "locale": "sv-SE", "country": "SE", "platform": "Web" } ],
      "channelData": { "tenant": { "id": "tenant-1" } }
    }
    """;

    [Fact]
    public void A_teams_message_reads_into_the_typed_fields()
    {
        var activity = JsonSerializer.Deserialize<Activity>(TeamsMessage, ProtocolJson.Options)!;

        Assert.Equal(ActivityTypes.Message, activity.Type);
        Assert.Equal("29:1abc", activity.From!.Id);
        Assert.Equal("6f1c7a52-0d3e-4c8e-9a41-2b7d3e5a1c01", activity.From.AadObjectId);
        Assert.Equal("personal", activity.Conversation!.ConversationType);
        Assert.Equal("tenant-1", activity.ChannelData!.Value.GetProperty("tenant").GetProperty("id").GetString());
    }

    [Fact]
    public void Fields_the_app_does_not_know_survive_a_round_trip()
    {
        var activity = JsonSerializer.Deserialize<Activity>(TeamsMessage, ProtocolJson.Options)!;

        var written = JsonNode.Parse(JsonSerializer.Serialize(activity, ProtocolJson.Options))!.AsObject();
        var original = JsonNode.Parse(TeamsMessage)!.AsObject();

        // The timestamp is the same instant, written in .NET's own ISO 8601 form.
        Assert.Equal(DateTimeOffset.Parse((string)original["timestamp"]!), DateTimeOffset.Parse((string)written["timestamp"]!));
        original.Remove("timestamp");
        written.Remove("timestamp");
        Assert.True(JsonNode.DeepEquals(original, written), written.ToJsonString());
    }

    [Fact]
    public void A_conversation_reference_is_taken_from_an_activity()
    {
        var activity = JsonSerializer.Deserialize<Activity>(TeamsMessage, ProtocolJson.Options)!;

        var reference = ConversationReference.From(activity)!;

        Assert.Equal(("https://smba.trafficmanager.net/emea/", "a:1xyz", "28:bot-id", "29:1abc"),
            (reference.ServiceUrl, reference.Conversation.Id, reference.Bot!.Id, reference.User!.Id));
        Assert.Null(ConversationReference.From(activity with { ServiceUrl = null }));
    }
}
