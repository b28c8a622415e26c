using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace CommPlan.Host.Extensions;

/// <summary>
/// Which reverse proxies may tell the app the caller's address, scheme and host (ForwardedHeaders section). Off unless
/// proxies are named or <see cref="TrustAllProxies"/> is set: forwarded headers from anyone else are ignored.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Proxy addresses (IPv4 or IPv6) whose X-Forwarded-For, -Proto and -Host headers are honoured.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. 10.0.0.0/16.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>
    /// Honour forwarded headers from any caller: only where nothing but the platform's proxy can reach the app
    /// (Azure App Service, Azure Container Apps ingress), whose addresses are not fixed.
    /// </summary>
    public bool TrustAllProxies { get; set; }

    /// <summary>How many proxies in a chain are read from the headers, nearest first.</summary>
    public int ForwardLimit { get; set; } = 1;

    public bool IsEnabled => TrustAllProxies || KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}

public static class HostingExtensions
{
    /// <summary>Where the app listens when nothing says otherwise: local clients (the Agents Playground) expect this.</summary>
    public const string DefaultUrl = "http://localhost:3978";

    /// <summary>
    /// The address the app listens on follows the hosting conventions: ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS /
    /// ASPNETCORE_HTTPS_PORTS, --urls and Kestrel:Endpoints all win; only with none of them set does the app take
    /// <see cref="DefaultUrl"/>. Behind a reverse proxy, forwarded headers are honoured when ForwardedHeaders is set.
    /// </summary>
    public static WebApplicationBuilder AddHosting(this WebApplicationBuilder builder)
    {
        if (ListensWhereConfigured(builder.Configuration) is null) builder.WebHost.UseUrls(DefaultUrl);

        var forwarded = builder.Configuration.GetSection(ForwardedHeadersSettings.Section).Get<ForwardedHeadersSettings>() ?? new ForwardedHeadersSettings();
        builder.Services.AddSingleton(forwarded);
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            o.ForwardLimit = forwarded.TrustAllProxies ? null : forwarded.ForwardLimit;
            // Only what is configured is trusted: not even loopback, which the framework trusts by default.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            if (forwarded.TrustAllProxies) return;
            foreach (var proxy in forwarded.KnownProxies) o.KnownProxies.Add(IPAddress.Parse(proxy.Trim()));
            foreach (var network in forwarded.KnownNetworks) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network.Trim()));
        });
        return builder;
    }

    /// <summary>Forwarded headers first, so that everything after (links, sign-in, logs) sees the public scheme and host.</summary>
    public static WebApplication UseHosting(this WebApplication app)
    {
        if (app.Services.GetRequiredService<ForwardedHeadersSettings>().IsEnabled) app.UseForwardedHeaders();
        return app;
    }

    /// <summary>The setting that chooses the address, or null when none does and the default applies.</summary>
    public static string? ListensWhereConfigured(IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(configuration[WebHostDefaults.ServerUrlsKey])) return "urls";
        if (!string.IsNullOrWhiteSpace(configuration[WebHostDefaults.HttpPortsKey])) return "http_ports";
        if (!string.IsNullOrWhiteSpace(configuration[WebHostDefaults.HttpsPortsKey])) return "https_ports";
        if (configuration.GetSection("Kestrel:Endpoints").GetChildren().Any()) return "Kestrel:Endpoints";
        return null;
    }
}
