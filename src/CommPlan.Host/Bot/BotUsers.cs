using CommPlan.Application.Access;
using CommPlan.Host.Identity;
using CommPlan.Host.Web;
using CommPlan.Teams.Connector;
using CommPlan.Teams.Schema;

namespace CommPlan.Host.Bot;

/// <summary>Who is talking to the bot: their Entra object id, and when needed their e-mail address.</summary>
public sealed class BotUsers(ConnectorClient connector, TurnBudget budget, TimeProvider time, ILogger<BotUsers> log, DevIdentityOptions? devUser = null)
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
    /// (or the user principal name). Read within the turn's budget (<see cref="TurnBudget"/>): a Connector that is
    /// slow or failing makes it <see cref="MemberEmail.Unavailable"/>, and the person then finds only what is theirs by
    /// object id, and is told so.
    /// </summary>
    public async Task<MemberEmail> EmailAsync(TurnContext turn, CancellationToken ct)
    {
        var activity = turn.Activity;
        if (turn.UserObjectId is null) return new(devUser?.Email, false);
        if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl) || activity.Conversation?.Id is not { } conversation
            || activity.From?.Id is not { } member) return new(null, false);
        using var within = CancellationTokenSource.CreateLinkedTokenSource(ct);
        within.CancelAfter(budget.TurnConnectorBudget);
        try
        {
            // WaitAsync on the app's clock as well: a request that ignores cancellation still cannot hold the turn.
            var account = await connector.GetMemberAsync(serviceUrl, ConversationIds.Base(conversation), member, within.Token)
                .WaitAsync(budget.TurnConnectorBudget, time, ct);
            return new(string.IsNullOrWhiteSpace(account.Email) ? account.UserPrincipalName : account.Email, false);
        }
        catch (Exception e) when (e is ConnectorException or HttpRequestException or InvalidOperationException or OperationCanceledException or TimeoutException
                                  && !ct.IsCancellationRequested)
        {
            log.LogWarning(e, "Could not read the member {Member} of {Conversation} for their e-mail address within {Budget}", LogValue.Bound(member),
                LogValue.Bound(conversation), budget.TurnConnectorBudget);
            return new(null, true);
        }
    }
}

/// <summary>The sender's e-mail address, or null; <paramref name="Unavailable"/> when Teams could not be asked in time.</summary>
public sealed record MemberEmail(string? Email, bool Unavailable);
