using System.Globalization;
using CommPlan.Teams.Schema;

namespace CommPlan.Host.Bot;

/// <summary>One incoming activity, the language to answer in, and the replies the bot decides to send.</summary>
public sealed class TurnContext(Activity activity, CultureInfo culture)
{
    private readonly List<Activity> _replies = [];
    private readonly List<(string, Activity)> _updates = [];

    public Activity Activity { get; } = activity;
    public CultureInfo Culture { get; } = culture;
    public IReadOnlyList<Activity> Replies => _replies;

    /// <summary>Cards to replace in place: the activity id of the message and its new content.</summary>
    public IReadOnlyList<(string ActivityId, Activity Activity)> Updates => _updates;

    /// <summary>The sender's Entra object id, when the channel tells it.</summary>
    public Guid? UserObjectId => Guid.TryParse(Activity.From?.AadObjectId, out var id) ? id : null;

    public string? UserName => Activity.From?.Name;

    /// <summary>Queues a message to the conversation the activity came from, addressed as a reply to it.</summary>
    public void Reply(Attachment card, string summary) => _replies.Add(Message(card, summary));

    /// <summary>Queues the replacement of a message the bot sent earlier in this conversation (a card, updated in place).</summary>
    public void Update(string activityId, Attachment card, string summary) =>
        _updates.Add((activityId, Message(card, summary) with { Id = activityId, ReplyToId = null }));

    private Activity Message(Attachment card, string summary) =>
        new()
        {
            Type = ActivityTypes.Message,
            ServiceUrl = Activity.ServiceUrl,
            ChannelId = Activity.ChannelId,
            Conversation = Activity.Conversation,
            From = Activity.Recipient,
            Recipient = Activity.From,
            ReplyToId = Activity.Id,
            Locale = Culture.Name,
            Summary = summary,
            Attachments = [card],
        };
}
