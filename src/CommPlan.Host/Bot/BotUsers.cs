using CommPlan.Application.Access;
using CommPlan.Host.Identity;
using CommPlan.Host.Web;
using CommPlan.Teams.Connector;
using CommPlan.Teams.Schema;

namespace CommPlan.Host.Bot;

/// <summary>Who is talking to the bot: their Entra object id, and when needed their e-mail address.</summary>
public sealed class BotUsers(ConnectorClient connector, ILogger<BotUsers> log, DevIdentityOptions? devUser = null)
{
    /// <summary>
    /// The sender as the application's actor: object id and tenant from the activity (<c>from.aadObjectId</c>,
    /// <c>conversation.tenantId</c>); Teams sends no groups, so the directory is asked when they matter. On the
    /// embedded default, local clients (the Agents Playground) send made-up users, so a sender without an Entra id
    /// is the dev user, as on the start page.
    /// </summary>
    public Actor? ActorOf(TurnContext turn)
    {
        if (turn.UserObjectId is { } id)
        {
            var tenant = turn.Activity.Conversation?.TenantId ?? TeamsChannelData.TenantId(turn.Activity);
            return new Actor(id, Guid.TryParse(tenant, out var t) ? t : null, turn.UserName ?? "");
        }
        return devUser is null ? null : new Actor(devUser.ObjectId, null, devUser.DisplayName, devUser.Email);
    }

    /// <summary>
    /// The sender's e-mail address, which Teams leaves out of activities: the Bot Connector's member read has it
    /// (or the user principal name). Null when the Connector cannot say; the person then finds only what is theirs
    /// by object id.
    /// </summary>
    public async Task<string?> EmailAsync(TurnContext turn, CancellationToken ct)
    {
        var activity = turn.Activity;
        if (turn.UserObjectId is null) return devUser?.Email;
        if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl) || activity.Conversation?.Id is not { } conversation
            || activity.From?.Id is not { } member) return null;
        try
        {
            var account = await connector.GetMemberAsync(serviceUrl, ConversationIds.Base(conversation), member, ct);
            return string.IsNullOrWhiteSpace(account.Email) ? account.UserPrincipalName : account.Email;
        }
        catch (Exception e) when (e is ConnectorException or HttpRequestException or InvalidOperationException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            log.LogWarning(e, "Could not read the member {Member} of {Conversation} for their e-mail address", LogValue.Bound(member), LogValue.Bound(conversation));
            return null;
        }
    }
}
