using System.Text.Json;
using CommPlan.Application;
using CommPlan.Teams.Schema;
using CommPlan.Host.Web;

namespace CommPlan.Host.Bot;

/// <summary>A button press on a card: the verb names what to do, the data carries the card's ids and inputs.</summary>
public sealed record CardActionRequest(string Verb, JsonElement Data, bool Automatic)
{
    public string? GetString(string name) =>
        Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>What a card action answers: a new card for the person who pressed, or a short message.</summary>
public abstract record CardActionResult
{
    public sealed record Card(Attachment Value) : CardActionResult;
    public sealed record Message(string Text) : CardActionResult;

    /// <summary>The card acted on is out of date: the protocol's 412 answer, with why.</summary>
    public sealed record PreconditionFailed(string Text) : CardActionResult;
}

/// <summary>A feature's answer to one verb. Features register theirs with <c>AddCardAction</c>.</summary>
public interface ICardActionHandler
{
    string Verb { get; }
    Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest action, CancellationToken ct);
}

/// <summary>
/// Dispatches <c>adaptiveCard/action</c> invokes (Universal Actions) and their <c>Action.Submit</c> fallback to the
/// handler registered for the verb, and answers with the documented invoke response. An unknown verb or a failing
/// handler gets an error card, never a crash.
/// </summary>
public sealed class CardActionRouter(IEnumerable<ICardActionHandler> handlers, BotCards cards, ILogger<CardActionRouter> log)
{
    public const string InvokeName = "adaptiveCard/action";
    public const string CardContentType = "application/vnd.microsoft.card.adaptive";
    public const string MessageContentType = "application/vnd.microsoft.activity.message";
    public const string ErrorContentType = "application/vnd.microsoft.error";
    public const string PreconditionFailedContentType = "application/vnd.microsoft.error.preconditionFailed";

    private readonly Dictionary<string, ICardActionHandler> _byVerb = handlers.ToDictionary(h => h.Verb, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Verbs => _byVerb.Keys;

    /// <summary>An invoke: the answer goes back in the HTTP response and replaces the card for the person who pressed.</summary>
    public async Task<InvokeResponse> InvokeAsync(TurnContext turn, CancellationToken ct)
    {
        var action = FromInvoke(turn.Activity.Value);
        if (action is null)
            return Error(StatusCodes.Status400BadRequest, "BadRequest", "The invoke value has no action.verb.");
        var result = await RunAsync(turn, action, ct);
        return result switch
        {
            CardActionResult.Card c => new InvokeResponse(200, new { statusCode = 200, type = CardContentType, value = c.Value.Content }),
            CardActionResult.Message m => new InvokeResponse(200, new { statusCode = 200, type = MessageContentType, value = m.Text }),
            CardActionResult.PreconditionFailed p => new InvokeResponse(412, new { statusCode = 412, type = PreconditionFailedContentType, value = new { code = "PreconditionFailed", message = p.Text } }),
            _ => throw new InvalidOperationException("Unknown card action result."),
        };
    }

    /// <summary>
    /// The Action.Submit fallback of older clients arrives as a message whose value holds the data and the verb;
    /// the answer is posted as a reply. Null when the message is not a card submit.
    /// </summary>
    public async Task<CardActionResult?> SubmitAsync(TurnContext turn, CancellationToken ct)
    {
        if (turn.Activity.Value is not { ValueKind: JsonValueKind.Object } value) return null;
        var verb = value.TryGetProperty("verb", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (string.IsNullOrWhiteSpace(verb)) return null;
        return await RunAsync(turn, new CardActionRequest(verb, value, Automatic: false), ct);
    }

    private async Task<CardActionResult> RunAsync(TurnContext turn, CardActionRequest action, CancellationToken ct)
    {
        if (!_byVerb.TryGetValue(action.Verb, out var handler))
        {
            log.LogWarning("Card action with unknown verb {Verb}", LogValue.Bound(action.Verb));
            return new CardActionResult.Card(cards.Error(turn.Culture, BotCards.ErrorKind.UnknownAction));
        }
        try
        {
            return await handler.HandleAsync(turn, action, ct);
        }
        catch (DependencyBusyException e)
        {
            log.LogWarning("Card action {Verb}: SharePoint asks to wait {Seconds} s", LogValue.Bound(action.Verb), e.RetryAfterSeconds);
            return new CardActionResult.Card(cards.Busy(turn.Culture, e.RetryAfterSeconds));
        }
        catch (AccessDeniedException e)
        {
            log.LogInformation("Card action {Verb}: {Operation} refused ({Reason})", LogValue.Bound(action.Verb), e.Operation, e.Reason);
            return new CardActionResult.Card(cards.Denied(turn.Culture, e.Reason));
        }
        catch (DependencyUnavailableException e)
        {
            log.LogWarning("Card action {Verb}: {Dependency} is unavailable: {Reason}", LogValue.Bound(action.Verb), e.Dependency, e.Message);
            return new CardActionResult.Card(cards.Unavailable(turn.Culture, e.RetryAfterSeconds));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Card action {Verb} failed", LogValue.Bound(action.Verb));
            return new CardActionResult.Card(cards.Error(turn.Culture, BotCards.ErrorKind.Failed));
        }
    }

    private static CardActionRequest? FromInvoke(JsonElement? value)
    {
        if (value is not { ValueKind: JsonValueKind.Object } v || !v.TryGetProperty("action", out var a) || a.ValueKind != JsonValueKind.Object)
            return null;
        var verb = a.TryGetProperty("verb", out var verbValue) && verbValue.ValueKind == JsonValueKind.String ? verbValue.GetString() : null;
        if (string.IsNullOrWhiteSpace(verb)) return null;
        var data = a.TryGetProperty("data", out var d) ? d : default;
        var automatic = v.TryGetProperty("trigger", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "automatic";
        return new CardActionRequest(verb, data, automatic);
    }

    private static InvokeResponse Error(int status, string code, string message) =>
        new(status, new { statusCode = status, type = ErrorContentType, value = new { code, message } });
}

public static class CardActionRegistration
{
    public static IServiceCollection AddCardAction<THandler>(this IServiceCollection services) where THandler : class, ICardActionHandler =>
        services.AddScoped<ICardActionHandler, THandler>();
}
