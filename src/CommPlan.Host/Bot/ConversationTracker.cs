using System.Globalization;
using CommPlan.Application.Storage;
using CommPlan.Teams.Schema;
using CommPlan.Host.Web;
using Microsoft.Extensions.Options;

namespace CommPlan.Host.Bot;

/// <summary>
/// Keeps the app's record of where it can reach people: stored when the app is installed in a personal chat, group
/// chat or team, refreshed from every activity (Teams may move a conversation to another serviceUrl), retired when
/// the app is removed. Says when a conversation has just become reachable, so it is welcomed exactly once. Chooses
/// the language of a conversation once, when it is first seen (the person's Teams locale, else the organisation's),
/// and keeps it in the record's <see cref="ConversationRecord.Locale"/>: a chat does not change language between replies.
/// </summary>
public sealed class ConversationTracker(
    IConversationStore store, TimeProvider time, IOptions<RequestLocalizationOptions> localization, ILogger<ConversationTracker> log)
{
    /// <summary>
    /// Updates the record for the activity's conversation. Returns the language to answer in (the conversation's,
    /// or for a conversation the app is leaving, the activity's) and the record when the app was just added there.
    /// </summary>
    public async Task<(CultureInfo Culture, ConversationRecord? Arrived)> TrackAsync(Activity activity, CancellationToken ct)
    {
        var fallback = localization.Value.DefaultRequestCulture.UICulture;
        var existing = await store.GetAsync(ConversationIds.Base(activity.Conversation!.Id!), ct);
        var arrived = await TrackAsync(activity, existing, fallback, ct);
        return (BotCulture.From(existing?.Locale ?? activity.Locale, fallback), arrived);
    }

    private async Task<ConversationRecord?> TrackAsync(Activity activity, ConversationRecord? existing, CultureInfo fallback, CancellationToken ct)
    {
        switch (activity.Type)
        {
            case ActivityTypes.InstallationUpdate when activity.Action is "remove" or "remove-upgrade":
                await RetireAsync(existing, "uninstalled", ct);
                return null;
            case ActivityTypes.InstallationUpdate:
                // add, add-upgrade: an upgrade keeps the app in place, so it is not a fresh arrival.
                return await StoreAsync(activity, existing, fallback, welcome: activity.Action == "add", ct);
            case ActivityTypes.ConversationUpdate when BotLeft(activity) || TeamsChannelData.EventType(activity) == "teamDeleted":
                await RetireAsync(existing, TeamsChannelData.EventType(activity) == "teamDeleted" ? "team deleted" : "bot removed", ct);
                return null;
            case ActivityTypes.ConversationUpdate when BotJoined(activity):
                return await StoreAsync(activity, existing, fallback, welcome: true, ct);
            default:
                // Any other activity proves the app is there: revive a retired record, refresh a moved one.
                return await StoreAsync(activity, existing, fallback, welcome: false, ct);
        }
    }

    private async Task<ConversationRecord?> StoreAsync(Activity activity, ConversationRecord? existing, CultureInfo fallback, bool welcome, CancellationToken ct)
    {
        var fresh = Describe(activity, existing, fallback);
        if (existing is not null && Same(existing, fresh)) return null;
        // The state before comes from the upsert itself, so of two activities racing in, only one welcomes.
        var before = await store.UpsertAsync(fresh, ct);
        var arrived = before is not ConversationState.Active;
        if (arrived) log.LogInformation("Reachable: {Kind} conversation {Conversation}", fresh.Kind, LogValue.Bound(fresh.ConversationId));
        return welcome && arrived ? fresh : null;
    }

    private async Task RetireAsync(ConversationRecord? existing, string reason, CancellationToken ct)
    {
        if (existing is null || existing.State == ConversationState.Removed) return;
        await store.SetStateAsync(existing.ConversationId, ConversationState.Removed, reason, time.GetUtcNow(), ct);
        log.LogInformation("No longer reachable ({Reason}): conversation {Conversation}", LogValue.Bound(reason), LogValue.Bound(existing.ConversationId));
    }

    private ConversationRecord Describe(Activity a, ConversationRecord? existing, CultureInfo fallback)
    {
        var kind = a.Conversation!.ConversationType switch
        {
            "channel" => ConversationKind.Channel,
            "groupChat" => ConversationKind.GroupChat,
            _ => ConversationKind.Personal,
        };
        var personal = kind == ConversationKind.Personal;
        var team = TeamsChannelData.TeamId(a);
        return new ConversationRecord(
            ConversationId: ConversationIds.Base(a.Conversation.Id!),
            ServiceUrl: a.ServiceUrl!,
            TenantId: a.Conversation.TenantId ?? TeamsChannelData.TenantId(a) ?? existing?.TenantId ?? "",
            Kind: kind,
            BotId: a.Recipient?.Id ?? existing?.BotId ?? "",
            UserId: personal ? a.From?.Id ?? existing?.UserId : null,
            UserAadObjectId: personal ? a.From?.AadObjectId ?? existing?.UserAadObjectId : null,
            TeamId: team ?? existing?.TeamId,
            Name: a.Conversation.Name ?? TeamsChannelData.TeamName(a) ?? existing?.Name,
            Locale: existing?.Locale ?? BotCulture.From(a.Locale, fallback).Name,
            State: ConversationState.Active,
            StateReason: null,
            UpdatedAt: time.GetUtcNow());
    }

    /// <summary>Equal in everything but the time of the update: then there is nothing to write.</summary>
    private static bool Same(ConversationRecord a, ConversationRecord b) => a with { UpdatedAt = default } == b with { UpdatedAt = default };

    private static bool BotJoined(Activity a) => a.MembersAdded?.Any(m => m.Id == a.Recipient?.Id) == true;
    private static bool BotLeft(Activity a) => a.MembersRemoved?.Any(m => m.Id == a.Recipient?.Id) == true;
}
