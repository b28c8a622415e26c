using CommPlan.Application.Storage;
using CommPlan.Host.Bot;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Features.Overview;

/// <summary>"my activities": the sender's open activities, the most urgent first.</summary>
public sealed class MyActivitiesCommand(OverviewAnswers answers, IStringLocalizer<Text> text) : IBotCommand
{
    public static BotCommandInfo Info { get; } = new("MyActivities", 10, [ConversationKind.Personal]);

    public async Task HandleAsync(TurnContext turn, BotCommandRequest request, CancellationToken ct) =>
        turn.Reply(await answers.MyActivitiesAsync(turn, ct), text["Bot_MyActivities_Title"]);
}

/// <summary>"plan [unit]": how the plan is going, for every unit or the one named.</summary>
public sealed class PlanCommand(OverviewAnswers answers, IStringLocalizer<Text> text) : IBotCommand
{
    public static BotCommandInfo Info { get; } = new("Plan", 20, BotCommandInfo.Everywhere, TakesArgument: true);

    public async Task HandleAsync(TurnContext turn, BotCommandRequest request, CancellationToken ct) =>
        turn.Reply(await answers.PlanAsync(turn, request.Argument, ct), text["Bot_Plan_Name"]);
}
