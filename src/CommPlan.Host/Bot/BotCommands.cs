using CommPlan.Application;
using CommPlan.Application.Access;
using CommPlan.Application.Overview;
using CommPlan.Host.Identity;
using CommPlan.Teams.Connector;
using CommPlan.Teams.Schema;
using Microsoft.Extensions.Localization;
using CommPlan.Host.Web;

namespace CommPlan.Host.Bot;

/// <summary>The commands people type in chat with the bot: help, my activities, plan [unit].</summary>
public sealed class BotCommands(PlanOverviewService overview, BotCards cards, BotUsers users, IStringLocalizer<Text> text)
{
    public const int AgendaSize = 8;

    public async Task HandleAsync(TurnContext turn, CancellationToken ct)
    {
        try
        {
            await AnswerAsync(turn, ct);
        }
        catch (SharePointBusyException e)
        {
            turn.Reply(cards.Busy(turn.Culture, e.RetryAfterSeconds), text["Bot_Error_Title"]);
        }
        catch (AccessDeniedException e)
        {
            turn.Reply(cards.Denied(turn.Culture, e.Reason), text["Problem_forbidden"]);
        }
        catch (DependencyUnavailableException e)
        {
            // The person is told to come back; why is for the administrators (logged where it was found, and /health).
            turn.Reply(cards.Unavailable(turn.Culture, e.RetryAfterSeconds), text["Bot_Error_Title"]);
        }
    }

    private async Task AnswerAsync(TurnContext turn, CancellationToken ct)
    {
        var command = BotCommand.Parse(turn.Activity.Text);
        switch (command.Kind)
        {
            case BotCommandKind.MyActivities:
                turn.Reply(await MyActivitiesAsync(turn, ct), text["Bot_MyActivities_Title"]);
                break;
            case BotCommandKind.Plan:
                turn.Reply(await PlanAsync(turn, command.Argument, ct), text["Bot_Plan_Name"]);
                break;
            case BotCommandKind.Unknown:
                turn.Reply(cards.Help(turn.Culture, command.Text), text["Bot_Help_Title"]);
                break;
            default:
                turn.Reply(cards.Help(turn.Culture, null), text["Bot_Help_Title"]);
                break;
        }
    }

    public async Task<Teams.Schema.Attachment> MyActivitiesAsync(TurnContext turn, CancellationToken ct)
    {
        var actor = users.ActorOf(turn);
        if (actor is null) return cards.NotIdentified(turn.Culture);
        var emailUnavailable = false;
        var agenda = await overview.AgendaAsync(actor, async c =>
        {
            var found = await users.EmailAsync(turn, c);
            emailUnavailable = found.Unavailable;
            return found.Email;
        }, AgendaSize, ct);
        return agenda is null ? cards.NoPlan(turn.Culture) : cards.MyActivities(turn.Culture, agenda, turn.Activity.From?.Id, emailUnavailable);
    }

    /// <summary>The plan's status for the unit asked for; with none, for the unit the person works in most.</summary>
    public async Task<Teams.Schema.Attachment> PlanAsync(TurnContext turn, string? unitText, CancellationToken ct)
    {
        var actor = users.ActorOf(turn);
        if (actor is null) return cards.NotIdentified(turn.Culture);
        var answer = unitText == BotCards.AllUnits
            ? await overview.StatusForAsync(actor, null, false, ct)
            : await overview.StatusForAsync(actor, unitText, true, ct);
        return answer is null ? cards.NoPlan(turn.Culture) : cards.PlanStatus(turn.Culture, answer.Status, answer.UnknownUnit);
    }
}

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
