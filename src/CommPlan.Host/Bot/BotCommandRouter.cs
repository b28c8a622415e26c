using CommPlan.Application;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Bot;

/// <summary>
/// Sends what a person typed to the command it calls (see <see cref="BotCommandRegistry"/>). A refusal, a busy or
/// unavailable dependency becomes a card that says so; nothing was changed.
/// </summary>
public sealed class BotCommandRouter(IServiceProvider services, BotCards cards, IStringLocalizer<Text> text)
{
    public async Task HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var (handler, request) = BotCommandRegistry.Match(turn.Activity.Text);
        try
        {
            await ((IBotCommand)services.GetRequiredService(handler)).HandleAsync(turn, request, ct);
        }
        catch (DependencyBusyException e)
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
}
