using CommPlan.Application.Overview;
using CommPlan.Host.Bot;
using CommPlan.Teams.Schema;

namespace CommPlan.Host.Features.Overview;

/// <summary>The overview's answers, the same whether typed as a command or asked from a card's button.</summary>
public sealed class OverviewAnswers(PlanOverviewService overview, OverviewCards cards, BotCards common, BotUsers users)
{
    public const int AgendaSize = 8;

    public async Task<Attachment> MyActivitiesAsync(TurnContext turn, CancellationToken ct)
    {
        var actor = users.ActorOf(turn);
        if (actor is null) return common.NotIdentified(turn.Culture);
        var emailUnavailable = false;
        var agenda = await overview.AgendaAsync(actor, async c =>
        {
            var found = await users.EmailAsync(turn, c);
            emailUnavailable = found.Unavailable;
            return found.Email;
        }, AgendaSize, ct);
        return agenda is null ? common.NoPlan(turn.Culture) : cards.MyActivities(turn.Culture, agenda, turn.Activity.From?.Id, emailUnavailable);
    }

    /// <summary>The plan's status for the unit asked for; with none, for the unit the person works in most.</summary>
    public async Task<Attachment> PlanAsync(TurnContext turn, string? unitText, CancellationToken ct)
    {
        var actor = users.ActorOf(turn);
        if (actor is null) return common.NotIdentified(turn.Culture);
        var answer = unitText == OverviewCards.AllUnits
            ? await overview.StatusForAsync(actor, null, false, ct)
            : await overview.StatusForAsync(actor, unitText, true, ct);
        return answer is null ? common.NoPlan(turn.Culture) : cards.PlanStatus(turn.Culture, answer.Status, answer.UnknownUnit);
    }
}
