using System.Text.Json;
using System.Text.Json.Serialization;

namespace CommPlan.Teams.Schema;

/// <summary>The activity types the app handles, as the Bot Framework names them.</summary>
public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string InstallationUpdate = "installationUpdate";
    public const string Invoke = "invoke";
    public const string MessageReaction = "messageReaction";
    public const string Typing = "typing";
    public const string Event = "event";
}

/// <summary>
/// A Bot Framework activity: the subset of fields the app reads, typed, and every other field kept in
/// <see cref="Properties"/> so that nothing is lost when an activity is stored or sent back.
/// </summary>
public sealed record Activity
{
    public string? Type { get; init; }
    public string? Id { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
    public string? ServiceUrl { get; init; }
    public string? ChannelId { get; init; }
    public ChannelAccount? From { get; init; }
    public ConversationAccount? Conversation { get; init; }
    public ChannelAccount? Recipient { get; init; }
    public string? Text { get; init; }
    public string? TextFormat { get; init; }
    public string? Summary { get; init; }
    public string? Locale { get; init; }
    public string? Name { get; init; }
    public string? Action { get; init; }
    public string? ReplyToId { get; init; }
    /// <summary>"expectReplies" asks for the bot's replies in the HTTP response instead of through the Connector.</summary>
    public string? DeliveryMode { get; init; }
    public JsonElement? Value { get; init; }
    public JsonElement? ChannelData { get; init; }
    public IReadOnlyList<ChannelAccount>? MembersAdded { get; init; }
    public IReadOnlyList<ChannelAccount>? MembersRemoved { get; init; }
    public IReadOnlyList<Attachment>? Attachments { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; init; }
}

/// <summary>A user or bot in a conversation; <see cref="Id"/> is the channel's id (29:… in Teams).</summary>
public sealed record ChannelAccount
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? AadObjectId { get; init; }
    public string? Role { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; init; }
}

/// <summary>A conversation: personal (1:1), groupChat or channel, in a tenant.</summary>
public sealed record ConversationAccount
{
    public string? Id { get; init; }
    public string? ConversationType { get; init; }
    public string? TenantId { get; init; }
    public bool? IsGroup { get; init; }
    public string? Name { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; init; }
}

/// <summary>An attachment; for an Adaptive Card the content type is application/vnd.microsoft.card.adaptive.</summary>
public sealed record Attachment
{
    public string? ContentType { get; init; }
    public JsonElement? Content { get; init; }
    public string? ContentUrl { get; init; }
    public string? Name { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; init; }
}

/// <summary>What Teams puts in an activity's channelData: team, tenant and the kind of conversation event.</summary>
public static class TeamsChannelData
{
    public static string? EventType(Activity a) => Property(a.ChannelData, "eventType");

    public static string? TeamId(Activity a) => Property(Object(a.ChannelData, "team"), "id");

    public static string? TeamName(Activity a) => Property(Object(a.ChannelData, "team"), "name");

    public static string? TenantId(Activity a) => Property(Object(a.ChannelData, "tenant"), "id");

    private static JsonElement? Object(JsonElement? e, string name) =>
        e is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    private static string? Property(JsonElement? e, string name) =>
        e is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>Teams conversation ids.</summary>
public static class ConversationIds
{
    private const string ThreadMarker = ";messageid=";

    /// <summary>
    /// The conversation a thread belongs to: in a channel Teams names a reply thread "19:…@thread.tacv2;messageid=…";
    /// sending to that id answers in the thread, while installs and removals concern the channel itself.
    /// </summary>
    public static string Base(string conversationId)
    {
        var i = conversationId.IndexOf(ThreadMarker, StringComparison.OrdinalIgnoreCase);
        return i < 0 ? conversationId : conversationId[..i];
    }
}

/// <summary>What the app needs to message a conversation later (proactively).</summary>
public sealed record ConversationReference(
    string ServiceUrl, string ChannelId, ConversationAccount Conversation, ChannelAccount? Bot, ChannelAccount? User, string? Locale)
{
    public static ConversationReference? From(Activity a) =>
        a.ServiceUrl is null || a.ChannelId is null || a.Conversation?.Id is null
            ? null
            : new ConversationReference(a.ServiceUrl, a.ChannelId, a.Conversation, a.Recipient, a.From, a.Locale);
}

/// <summary>Delivery modes a caller can ask for.</summary>
public static class DeliveryModes
{
    public const string Normal = "normal";
    public const string ExpectReplies = "expectReplies";
}

/// <summary>The HTTP answer to a turn with delivery mode "expectReplies": the bot's replies, in order.</summary>
public sealed record ExpectedReplies(IReadOnlyList<Activity> Activities);

/// <summary>The HTTP answer to an invoke activity: a status and an optional body.</summary>
public sealed record InvokeResponse(int Status, object? Body);

/// <summary>The protocol's JSON: camelCase, nulls left out, as the Bot Connector writes it.</summary>
public static class ProtocolJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
