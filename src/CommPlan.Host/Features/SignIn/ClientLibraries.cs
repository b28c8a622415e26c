using Microsoft.Extensions.FileProviders;

namespace CommPlan.Host.Features.SignIn;

/// <summary>
/// Serves the browser libraries installed from npm at build (teams-js) at /lib, from the clientlib folder the build
/// puts beside the app: the pages load them from the app itself, never from a CDN.
/// </summary>
public static class ClientLibraries
{
    public const string RequestPath = "/lib";
    public const string TeamsJs = RequestPath + "/teams-js/MicrosoftTeams.min.js";

    /// <summary>Fluent UI's design tokens for the Teams themes, as CSS custom properties (generated at build).</summary>
    public const string FluentTokens = RequestPath + "/fluent/tokens.css";

    public static IApplicationBuilder UseClientLibraries(this IApplicationBuilder app)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "clientlib");
        if (!Directory.Exists(folder))
            throw new InvalidOperationException($"{folder} is missing: build the app with Node.js and npm on PATH (the build installs @microsoft/teams-js).");
        return app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(folder), RequestPath = RequestPath });
    }
}
