using CommPlan.Domain.Common;
using CommPlan.Host.Api;
using CommPlan.Teams.Schema;

namespace CommPlan.Host.Bot;

/// <summary>
/// Reads an incoming activity and refuses what no handler should see: not JSON (415), too large (413), malformed,
/// missing the fields every activity has, or of a type the Bot Framework does not define (400).
/// </summary>
public static class ActivityReader
{
    /// <summary>Teams messages are at most about 100 KB with their cards; this leaves room without inviting abuse.</summary>
    public const int MaxBytes = 256 * 1024;

    /// <summary>
    /// The longest id taken (conversation, sender, recipient, activity). Teams' ids are far shorter: a personal chat
    /// "a:1…" and a user "29:1…" are around 100-150 characters, a channel thread "19:…@thread.tacv2;messageid=…"
    /// under 100. 1024 leaves several times that for ids not seen yet, while an id of 100 KB, which would be stored,
    /// sent back in every reply's URL and written into log lines, is refused.
    /// </summary>
    public const int MaxIdLength = 1024;

    /// <summary>Every activity type of the Bot Framework schema; the bot handles some and acknowledges the rest.</summary>
    public static readonly IReadOnlySet<string> KnownTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        ActivityTypes.Message, ActivityTypes.ConversationUpdate, ActivityTypes.InstallationUpdate, ActivityTypes.Invoke,
        ActivityTypes.MessageReaction, ActivityTypes.Typing, ActivityTypes.Event, "contactRelationUpdate", "endOfConversation",
        "deleteUserData", "messageUpdate", "messageDelete", "suggestion", "trace", "handoff", "command", "commandResult",
    };

    public static async Task<Activity> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var activity = await JsonBody.ReadAsync<Activity>(request, ProtocolJson.Options, MaxBytes, ct);
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(activity.Type)) errors.Add(new FieldError("type", ErrorCodes.Required));
        else if (!KnownTypes.Contains(activity.Type)) errors.Add(new FieldError("type", "unknown_activity_type"));
        if (string.IsNullOrWhiteSpace(activity.ServiceUrl)) errors.Add(new FieldError("serviceUrl", ErrorCodes.Required));
        else if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
            errors.Add(new FieldError("serviceUrl", ErrorCodes.Unparseable));
        if (string.IsNullOrWhiteSpace(activity.ChannelId)) errors.Add(new FieldError("channelId", ErrorCodes.Required));
        if (string.IsNullOrWhiteSpace(activity.Conversation?.Id)) errors.Add(new FieldError("conversation.id", ErrorCodes.Required));
        if (string.IsNullOrWhiteSpace(activity.From?.Id)) errors.Add(new FieldError("from.id", ErrorCodes.Required));
        Bounded("id", activity.Id, errors);
        Bounded("replyToId", activity.ReplyToId, errors);
        Bounded("conversation.id", activity.Conversation?.Id, errors);
        Bounded("from.id", activity.From?.Id, errors);
        Bounded("recipient.id", activity.Recipient?.Id, errors);
        if (activity.Type == ActivityTypes.Invoke && string.IsNullOrWhiteSpace(activity.Name)) errors.Add(new FieldError("name", ErrorCodes.Required));
        if (errors.Count > 0) throw new BadBodyException(StatusCodes.Status400BadRequest, errors, "Problem_validation");
        return activity;
    }

    private static void Bounded(string field, string? id, List<FieldError> errors)
    {
        if (id is { Length: > MaxIdLength }) errors.Add(new FieldError(field, ErrorCodes.TooLong, MaxIdLength));
    }
}
