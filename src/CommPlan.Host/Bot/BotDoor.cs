using System.Text.Json;
using CommPlan.Host.Outbox;
using CommPlan.Teams.Authentication;
using CommPlan.Teams.Schema;

namespace CommPlan.Host.Bot;

/// <summary>
/// POST /api/messages: the Bot Framework's door into the app. Refuses unauthenticated callers before any handler
/// runs, reads the activity strictly, runs the turn in the conversation's language, and answers as the protocol says:
/// the invoke response for invokes, the replies for "expectReplies", otherwise 200 with the replies sent through
/// the outbox.
/// </summary>
public static class BotDoor
{
    public const string Route = "/api/messages";

    public static IEndpointRouteBuilder MapBotDoor(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, HandleAsync).AllowAnonymous().DisableAntiforgery().WithName("BotMessages");
        return app;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext http, BotRequestAuthenticator auth, CancellationToken ct)
    {
        if (auth.Precheck(http) is { } refused) return Refuse(http, refused);
        var activity = await ActivityReader.ReadAsync(http.Request, ct);
        var verdict = await auth.AuthenticateAsync(http, activity, ct);
        if (!verdict.Succeeded) return Refuse(http, verdict);

        // Handlers are resolved only now: nothing of them runs for a refused request.
        var bot = http.RequestServices.GetRequiredService<BotApplication>();
        var outbox = http.RequestServices.GetRequiredService<BotOutbox>();
        // The conversation's language, chosen when it was first seen, so that every reply in it speaks the same.
        var (culture, arrived) = await http.RequestServices.GetRequiredService<ConversationTracker>().TrackAsync(activity, ct);
        var turn = new TurnContext(activity, culture);
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = turn.Culture;
        try
        {
            var invokeResponse = await bot.HandleAsync(turn, arrived, ct);
            if (activity.DeliveryMode == DeliveryModes.ExpectReplies)
                return Results.Json(new ExpectedReplies([.. turn.Replies, .. turn.Updates.Select(u => u.Activity)]), ProtocolJson.Options);
            // Replies go out through the outbox, paced and retried, never lost if the app stops.
            var conversation = activity.Conversation!.Id!;
            await outbox.SendTurnAsync(conversation, turn.Replies, turn.Updates, ct);
            return invokeResponse switch
            {
                null => Results.Ok(),
                { Body: null } => Results.StatusCode(invokeResponse.Status),
                _ => Results.Json(invokeResponse.Body, ProtocolJson.Options, statusCode: invokeResponse.Status),
            };
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }
    }

    private static IResult Refuse(HttpContext http, BotAuthenticationResult refused)
    {
        if (refused.RetryAfter is { } wait)
        {
            // The Bot Framework sends the activity again when told when (the keys may be back by then).
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Problem(statusCode: refused.StatusCode, title: "Service Unavailable", detail: "The token cannot be checked now.");
        }
        return Results.Problem(statusCode: refused.StatusCode,
            title: refused.StatusCode == StatusCodes.Status403Forbidden ? "Forbidden" : "Unauthorized", detail: refused.Failure);
    }
}
