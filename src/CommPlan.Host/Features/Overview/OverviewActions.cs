using CommPlan.Host.Bot;

namespace CommPlan.Host.Features.Overview;

/// <summary>Refreshes "my activities" in place: the card's refresh button and automatic refresh.</summary>
public sealed class MyActivitiesAction(OverviewAnswers answers) : ICardActionHandler
{
    public const string Name = "activities.mine";
    public string Verb => Name;

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest action, CancellationToken ct) =>
        new CardActionResult.Card(await answers.MyActivitiesAsync(turn, ct));
}

/// <summary>Shows the plan's status for the unit chosen on the card (or all units).</summary>
public sealed class PlanStatusAction(OverviewAnswers answers) : ICardActionHandler
{
    public const string Name = "plan.status";
    public const string UnitInput = "unit";
    public string Verb => Name;

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest action, CancellationToken ct)
    {
        var unit = action.GetString(UnitInput);
        return new CardActionResult.Card(await answers.PlanAsync(turn, string.IsNullOrEmpty(unit) ? OverviewCards.AllUnits : unit, ct));
    }
}
