using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace CommPlan.Storage.SharePoint.Graph;

/// <summary>The HTTP handler Graph requests end in; tests give one that trusts a loopback server's certificate.</summary>
public sealed record GraphTransport(Func<HttpMessageHandler> CreateHandler);

public static class GraphClients
{
    /// <summary>
    /// A Graph client on the SDK's middleware, with these changes: the retry handler retries throttled requests
    /// (429, 503, 504) <see cref="SharePointOptions.MaxRetries"/> times, waiting the Retry-After Graph sends, but
    /// only as long as the request's lane may wait (<see cref="GraphLane"/>), and nothing is sent while SharePoint's
    /// throttling window is open (<see cref="SharePointThrottle"/>); and every request says who sends it
    /// (NONISV|organisation|CommPlan/version), which SharePoint asks of apps so that it throttles them less blindly;
    /// with an <see cref="GraphOutage"/>, a request that gets no answer at all ends as a dependency unavailable.
    /// </summary>
    public static GraphServiceClient Create(SharePointOptions options, IAccessTokenProvider tokens, SharePointThrottle throttle,
        TimeProvider time, GraphTransport? transport = null, GraphOutage? outage = null)
    {
        var handlers = GraphClientFactory.CreateDefaultHandlers(new GraphClientOptions());
        var retry = new RetryHandlerOption { MaxRetry = Math.Clamp(options.MaxRetries, 0, 10) };
        var userAgent = new UserAgentHandlerOption { ProductName = UserAgentProduct(options), ProductVersion = AppVersion };
        for (var i = 0; i < handlers.Count; i++)
        {
            handlers[i] = handlers[i] switch
            {
                RetryHandler => new RetryHandler(retry),
                UserAgentHandler => new UserAgentHandler(userAgent),
                var h => h,
            };
        }
        if (!handlers.OfType<UserAgentHandler>().Any()) handlers.Insert(0, new UserAgentHandler(userAgent));
        var at = handlers.IndexOf(handlers.OfType<RetryHandler>().Single());
        handlers.Insert(at + 1, new ThrottleLaneHandler(throttle, retry, time));
        handlers.Insert(at, new ThrottleGateHandler(throttle));
        // Outermost, so that whatever never got an answer, retries included, is reported as Graph being unreachable.
        if (outage is not null) handlers.Insert(0, new GraphReachabilityHandler(outage));
        var http = GraphClientFactory.Create(handlers, finalHandler: transport?.CreateHandler() ?? new SocketsHttpHandler
        {
            // One client lives as long as the app: renew connections so DNS changes are seen.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        });
        http.Timeout = TimeSpan.FromMinutes(5);
        return new GraphServiceClient(http, new BaseBearerTokenAuthenticationProvider(tokens), options.GraphBaseUrl.TrimEnd('/'));
    }

    public static string AppVersion { get; } =
        typeof(GraphClients).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0.0";

    /// <summary>
    /// The product token before the version. A header token is ASCII without spaces: accents are dropped
    /// ("Piteå kommun" becomes "Pitea-kommun") and anything else a token cannot carry becomes a dash.
    /// </summary>
    public static string UserAgentProduct(SharePointOptions options)
    {
        var plain = options.Organisation.Trim().Normalize(NormalizationForm.FormD)
            .Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark);
        var organisation = new string(plain.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '-').ToArray());
        return $"NONISV|{organisation}|CommPlan";
    }
}
