using CommPlan.Host.Bot;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Features.Help;

/// <summary>"help": what the bot understands; also the answer to text no command understood, quoting it.</summary>
public sealed class HelpCommand(HelpCards cards, IStringLocalizer<Text> text) : IBotCommand
{
    public static BotCommandInfo Info { get; } = new(BotCommandRegistry.Fallback, 90, BotCommandInfo.Everywhere);

    public Task HandleAsync(TurnContext turn, BotCommandRequest request, CancellationToken ct)
    {
        turn.Reply(cards.Help(turn.Culture, request.Understood ? null : request.Text), text["Bot_Help_Title"]);
        return Task.CompletedTask;
    }
}
