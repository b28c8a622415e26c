namespace CommPlan.Host.Web;

/// <summary>
/// Headers every answer carries: nosniff everywhere, so a browser never reads JSON or text as script or HTML; a
/// Content-Security-Policy on pages that allows only the app's own files and lets Teams and Microsoft 365 frame them;
/// and on everything else a policy that allows nothing, since no API answer is meant to be rendered or framed.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// The hosts Microsoft documents for tabs (Teams, Microsoft 365, Outlook, and *.cloud.microsoft, where all of
    /// them are moving): "Tab requirements" in the Teams platform documentation.
    /// </summary>
    public const string TeamsFrameAncestors =
        "'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft https://*.microsoft365.com "
        + "https://*.office.com https://outlook.office.com https://outlook.office365.com https://outlook-sdf.office.com "
        + "https://outlook-sdf.office365.com https://outlook.live.com";

    /// <summary>Pages: own scripts, styles and images only (no inline code), framed only by the hosts above.</summary>
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors " + TeamsFrameAncestors;

    /// <summary>JSON, problems and files: nothing to run, nothing to frame.</summary>
    public const string DataPolicy = "default-src 'none'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        // Set when the answer starts, after any handler (the exception handler clears headers) has chosen its type.
        http.Response.OnStarting(static state =>
        {
            var response = (HttpResponse)state;
            response.Headers.XContentTypeOptions = "nosniff";
            var html = response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
            var own = response.HttpContext.GetEndpoint()?.Metadata.GetMetadata<PagePolicyMetadata>();
            response.Headers.ContentSecurityPolicy = html ? own?.Policy(response.HttpContext) ?? PagePolicy : DataPolicy;
            return Task.CompletedTask;
        }, http.Response);
        return next(http);
    });
}

/// <summary>A page endpoint's own policy instead of <see cref="SecurityHeaders.PagePolicy"/>, for a page that needs more (a per-request nonce).</summary>
public sealed record PagePolicyMetadata(Func<HttpContext, string> Policy);
