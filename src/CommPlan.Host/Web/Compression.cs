using System.IO.Compression;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.ResponseCompression;

namespace CommPlan.Host.Web;

/// <summary>
/// Brotli or gzip for pages, styles, scripts and JSON, when the client asks for it (Accept-Encoding). A year view
/// of 1,000 activities is about 1.5 MB of HTML and 80 KB compressed; a Teams tab is often opened over a slow link.
/// </summary>
/// <remarks>
/// Compressed over HTTPS too, which opens the door to BREACH (guessing a secret in a page from the compressed size of
/// answers that also echo the attacker's text). What the answers here hold: antiforgery tokens and CSP nonces, which
/// are new in every answer (the antiforgery request token is encrypted afresh by Data Protection each time), so
/// nothing stable can be guessed from them; the session cookie and bearer tokens travel in headers, which this does
/// not compress. The one stable secret in a body is a calendar feed's address, in the answer that makes the feed;
/// that answer is sent uncompressed (<see cref="DoNotCompress"/>).
/// </remarks>
public static class Compression
{
    public static readonly string[] MimeTypes =
    [
        "text/html", "text/css", "text/javascript", "application/javascript", "text/plain",
        "application/json", "application/problem+json", "image/svg+xml",
    ];

    public static IServiceCollection AddCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = MimeTypes;
        });
        // The fastest levels: a page is made for one reader, so the time to compress is part of every answer.
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }

    /// <summary>Sends this answer as it is, whatever the client accepts: it carries a stable secret (see the remarks above).</summary>
    public static void DoNotCompress(HttpContext http)
    {
        if (http.Features.Get<IHttpsCompressionFeature>() is { } https) https.Mode = HttpsCompressionMode.DoNotCompress;
    }
}
