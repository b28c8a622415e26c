using System.Text.Json;
using System.Text.Json.Serialization;

namespace CommPlan.Teams.Schema;

/// <summary>What the Bot Connector answers to a send, reply or update: the activity's id in the conversation.</summary>
public sealed record ResourceResponse(string? Id);

/// <summary>The body of POST /v3/conversations: a new (1:1) conversation with the given members.</summary>
public sealed record ConversationParameters
{
    public bool? IsGroup { get; init; }
    public ChannelAccount? Bot { get; init; }
    public IReadOnlyList<ChannelAccount>? Members { get; init; }
    public string? TopicName { get; init; }
    public string? TenantId { get; init; }
    public Activity? Activity { get; init; }
    public JsonElement? ChannelData { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; init; }
}

/// <summary>The answer to creating a conversation: its id, and the first activity's id when one was sent with it.</summary>
public sealed record ConversationResourceResponse(string? Id, string? ActivityId = null, string? ServiceUrl = null);

/// <summary>A member as Teams lists it: the channel account plus the user's directory details.</summary>
public sealed record TeamsChannelAccount
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? AadObjectId { get; init; }
    public string? GivenName { get; init; }
    public string? Surname { get; init; }
    public string? Email { get; init; }
    public string? UserPrincipalName { get; init; }
    public string? TenantId { get; init; }
    public string? UserRole { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; init; }
}

/// <summary>One page of GET /v3/conversations/{id}/pagedmembers; a continuation token means there is more.</summary>
public sealed record PagedMembersResult(string? ContinuationToken, IReadOnlyList<TeamsChannelAccount> Members);

/// <summary>The Bot Framework error body: {"error":{"code","message","innerHttpError"}}.</summary>
public sealed record ErrorResponse(Error? Error);

public sealed record Error(string? Code, string? Message, InnerHttpError? InnerHttpError = null);

/// <summary>The channel's own answer, passed on by the Bot Connector when a channel (Teams) refused a request.</summary>
public sealed record InnerHttpError(int StatusCode, JsonElement? Body);
