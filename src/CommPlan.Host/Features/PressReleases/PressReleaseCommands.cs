using CommPlan.Application.Plans;
using CommPlan.Application.PressReleases;
using CommPlan.Application.Storage;
using CommPlan.Host.Bot;
using CommPlan.Teams.Schema;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Features.PressReleases;

/// <summary>"press release": the submission form for this year's plan.</summary>
public sealed class PressReleaseCommand(PlanService plans, BotUsers users, BotCards common, PressReleaseCards cards, IStringLocalizer<TextPressReleases> text) : IBotCommand
{
    public static BotCommandInfo Info { get; } = new("PressRelease", 30, BotCommandInfo.Everywhere);

    public async Task HandleAsync(TurnContext turn, BotCommandRequest request, CancellationToken ct)
    {
        if (users.ActorOf(turn) is not { } actor) { turn.Reply(common.NotIdentified(turn.Culture), text["Form_Title"]); return; }
        var plan = await plans.FindCurrentAsync(actor, ct);
        turn.Reply(plan is null ? common.NoPlan(turn.Culture) : cards.Form(turn.Culture, plan), text["Form_Title"]);
    }
}

/// <summary>"approval chat", typed in a group chat or channel by a communicator: the plan's approval cards go there.</summary>
public sealed class ApprovalConversationCommand(PlanService plans, PressReleaseService releases, BotUsers users, BotCards common, PressReleaseCards cards,
    DirectoryGroupsRefresh directoryGroups, IStringLocalizer<TextPressReleases> text) : IBotCommand
{
    public static BotCommandInfo Info { get; } = new("ApprovalConversation", 31, [ConversationKind.GroupChat, ConversationKind.Channel]);

    public async Task HandleAsync(TurnContext turn, BotCommandRequest request, CancellationToken ct)
    {
        if (users.ActorOf(turn) is not { } actor) { turn.Reply(common.NotIdentified(turn.Culture), text["Conversation_Set_Title"]); return; }
        if (await plans.FindCurrentAsync(actor, ct) is not { } plan) { turn.Reply(common.NoPlan(turn.Culture), text["Conversation_Set_Title"]); return; }
        await releases.SetApprovalConversationAsync(actor, plan.Id, ConversationIds.Base(turn.Activity.Conversation!.Id!), ct);
        // Its cards are decided here from now on: the plan's groups are listed before the first invoke needs them.
        directoryGroups.Refresh(plan.Id);
        turn.Reply(cards.ConversationSet(turn.Culture, plan), text["Conversation_Set_Title"]);
    }
}
