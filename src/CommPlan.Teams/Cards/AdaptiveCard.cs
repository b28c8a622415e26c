using System.Text.Json;
using System.Text.Json.Serialization;
using CommPlan.Teams.Schema;

namespace CommPlan.Teams.Cards;

/// <summary>An Adaptive Card, schema version 1.5, as Teams renders it.</summary>
public sealed record AdaptiveCard
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";
    public const string SchemaUrl = "http://adaptivecards.io/schemas/adaptive-card.json";
    public const string SchemaVersion = "1.5";

    [JsonPropertyOrder(-3)]
    public string Type => "AdaptiveCard";

    [JsonPropertyName("$schema"), JsonPropertyOrder(-2)]
    public string Schema => SchemaUrl;

    [JsonPropertyOrder(-1)]
    public string Version => SchemaVersion;

    public IReadOnlyList<CardElement>? Body { get; init; }
    public IReadOnlyList<CardAction>? Actions { get; init; }
    public CardRefresh? Refresh { get; init; }
    public string? FallbackText { get; init; }
    public string? Speak { get; init; }
    public string? Lang { get; init; }

    [JsonPropertyName("msteams")]
    public TeamsCardProperties? MsTeams { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, CardJson.Options);

    public JsonElement ToJsonElement() => JsonSerializer.SerializeToElement(this, CardJson.Options);

    /// <summary>The card as a message attachment.</summary>
    public Attachment ToAttachment() => new() { ContentType = ContentType, Content = ToJsonElement() };
}

/// <summary>Teams-only card settings.</summary>
public sealed record TeamsCardProperties(TeamsCardWidth? Width = null);

/// <summary>
/// Asks Teams to fetch a fresh card for the listed users when they see it: how each person gets a view of their own
/// (for example approvers see buttons, everyone else a read-only card).
/// </summary>
public sealed record CardRefresh
{
    /// <summary>Teams refreshes automatically for at most this many users.</summary>
    public const int MaxUserIds = 60;

    private readonly IReadOnlyList<string>? userIds;

    public CardRefresh(ExecuteAction action, IReadOnlyList<string>? userIds = null)
    {
        Action = action;
        UserIds = userIds;
    }

    [JsonIgnore]
    public ExecuteAction Action { get; init; }

    // Written through the base type so that the action carries its "type".
    [JsonInclude, JsonPropertyName("action")]
    private CardAction ActionJson => Action;

    public IReadOnlyList<string>? UserIds
    {
        get => userIds;
        init => userIds = value is { Count: > MaxUserIds }
            ? throw new ArgumentException(
                $"A card refreshes for at most {MaxUserIds} users; {value.Count} were given.", nameof(UserIds))
            : value;
    }
}
