using System.Net;
using CommPlan.Teams.Authentication;
using CommPlan.Teams.Schema;
using CommPlan.Host.Web;

namespace CommPlan.Host.Bot;

/// <summary>
/// Decides whether a request to the bot door may reach a handler. With a bot app id every request needs a valid Bot
/// Framework token; without one (the embedded default) only loopback callers such as the M365 Agents Playground
/// are let in, unauthenticated.
/// </summary>
public sealed class BotRequestAuthenticator(BotFrameworkTokenValidator? validator, ILogger<BotRequestAuthenticator> log)
{
    public bool IsOn => validator is not null;

    /// <summary>Why the Bot Framework's signing keys could not be refreshed lately, for /health; null when they could.</summary>
    public KeyRefreshFailure? KeyRefreshFailure => validator?.RefreshFailure;

    /// <summary>What can be refused before the body is read: a missing token, or a caller off this machine.</summary>
    public BotAuthenticationResult? Precheck(HttpContext http)
    {
        if (validator is not null)
        {
            return string.IsNullOrEmpty(http.Request.Headers.Authorization)
                ? BotAuthenticationResult.Unauthorized("No bearer token.")
                : null;
        }
        var remote = http.Connection.RemoteIpAddress;
        if (remote is not null && IPAddress.IsLoopback(remote)) return null;
        log.LogWarning("Refused an activity from {Remote}: without Bot:AppId the bot door accepts loopback callers only.", remote);
        return BotAuthenticationResult.Unauthorized("Without a bot app id only loopback callers are accepted.");
    }

    public async Task<BotAuthenticationResult> AuthenticateAsync(HttpContext http, Activity activity, CancellationToken ct)
    {
        if (validator is null) return BotAuthenticationResult.Success(new System.Security.Claims.ClaimsIdentity());
        var result = await validator.ValidateAsync(http.Request.Headers.Authorization, activity.ChannelId, activity.ServiceUrl, ct);
        if (!result.Succeeded)
            log.LogWarning("Refused a {Type} activity with {Status}: {Failure}", LogValue.Bound(activity.Type), result.StatusCode, LogValue.Bound(result.Failure));
        return result;
    }
}
