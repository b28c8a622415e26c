using System.Text.Json;
using CommPlan.Application.Storage;
using CommPlan.Teams.Schema;
using CommPlan.Host.Features.Help;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Bot;

/// <summary>
/// The bot's turn, once the conversation record is current: route by activity type — installs get a welcome,
/// messages are commands (or card submits from older clients), <c>adaptiveCard/action</c> invokes go to the card
/// action router. Everything else is acknowledged and ignored.
/// </summary>
public sealed class BotApplication(
    CardActionRouter actions, BotCommandRouter commands, HelpCards help, IStringLocalizer<Text> text)
{
    /// <summary>
    /// The invoke response for invokes; null for every other activity (answered with 200). <paramref name="arrived"/>:
    /// the conversation the app was just added to, to welcome.
    /// </summary>
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, ConversationRecord? arrived, CancellationToken ct)
    {
        var activity = turn.Activity;
        if (arrived is not null)
        {
            var personal = arrived.Kind == ConversationKind.Personal;
            turn.Reply(help.Welcome(turn.Culture, arrived.Kind, personal ? turn.UserName : arrived.Name), text["Bot_Welcome_Title"]);
        }

        switch (activity.Type)
        {
            case ActivityTypes.Invoke when activity.Name == CardActionRouter.InvokeName:
                return await actions.InvokeAsync(turn, ct);
            case ActivityTypes.Invoke:
                // Invokes of features this app does not have (task modules, message extensions).
                return new InvokeResponse(StatusCodes.Status501NotImplemented, null);
            case ActivityTypes.Message:
                var submitted = await actions.SubmitAsync(turn, ct);
                // An older client's Action.Submit: its message id is the card's, so the card changes in place.
                if (submitted is CardActionResult.Card card && activity.ReplyToId is { } cardId) turn.Update(cardId, card.Value, CardSummary(card.Value));
                else if (submitted is CardActionResult.Card fresh) turn.Reply(fresh.Value, CardSummary(fresh.Value));
                else if (submitted is null) await commands.HandleAsync(turn, ct);
                return null;
            default:
                return null;
        }
    }

    private string CardSummary(Attachment card) =>
        card.Content is { ValueKind: JsonValueKind.Object } c && c.TryGetProperty("fallbackText", out var f) && f.ValueKind == JsonValueKind.String
            ? f.GetString()! : text["Page_Title"];
}
