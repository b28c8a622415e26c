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
        var agenda = await overview.AgendaAsync(actor, c => users.EmailAsync(turn, c), AgendaSize, ct);
        return agenda is null ? cards.NoPlan(turn.Culture) : cards.MyActivities(turn.Culture, agenda, turn.Activity.From?.Id);
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
