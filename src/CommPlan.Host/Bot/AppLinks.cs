using CommPlan.Host.Extensions;

namespace CommPlan.Host.Bot;

/// <summary>
/// Where people open the plan from a card, so every card action has a plain link to fall back on where a client
/// cannot run Action.Execute: the app's public address (PublicUrl), or, left unset, the address the request came to,
/// which behind a reverse proxy is the public one when forwarded headers are configured (ForwardedHeaders).
/// </summary>
public sealed class AppLinks(Uri baseUrl)
{
    public const string Setting = "PublicUrl";

    public Uri Plan { get; } = new(baseUrl, "/");

    public Uri Activity(Guid id) => new(baseUrl, $"/#a-{id:N}");

    /// <summary>PublicUrl, or null when it is not set. Checked at start (StartupSettings).</summary>
    public static Uri? Configured(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration[Setting]) ? null : new Uri(configuration[Setting]!.Trim(), UriKind.Absolute);

    /// <summary>Links to where this request was addressed; outside a request, to the local default address.</summary>
    public static AppLinks ForRequest(HttpContext? http) => http is null || !http.Request.Host.HasValue
        ? new AppLinks(new Uri(HostingExtensions.DefaultUrl))
        : new AppLinks(new Uri($"{http.Request.Scheme}://{http.Request.Host.ToUriComponent()}/"));
}
