using System.Reflection;
using CommPlan.Host.Bot;
using CommPlan.Host.Extensions;
using CommPlan.Host.Web;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace CommPlan.Host.Features.ApiDescription;

/// <summary>
/// The API's OpenAPI document at /openapi/v1.json in every mode (a description, no data), and on the embedded
/// default an interactive reference at /scalar for developers trying the API against the demo plan.
/// </summary>
public static class ApiDescriptionExtensions
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/scalar";

    public static WebApplicationBuilder AddApiDescription(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<EntraSecurityScheme>();
        builder.Services.AddOpenApi(DocumentName, o =>
        {
            // The bot door speaks the Bot Framework protocol, described by Microsoft, not by this document.
            o.ShouldInclude = d => !string.Equals("/" + d.RelativePath?.TrimEnd('/'), BotDoor.Route, StringComparison.OrdinalIgnoreCase);
            o.AddDocumentTransformer((document, context, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Kommunikationsplan API",
                    Version = typeof(ApiDescriptionExtensions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "1",
                    Description = "The communication plan: plans with their goals, target groups, channels and units, the activity plan, "
                        + "follow-up and roles. JSON in camelCase; problems as RFC 7807 application/problem+json in the reader's language "
                        + "(Accept-Language: sv, nb, en). Changes quote the version read (If-Match); 412 names the current one.",
                };
                context.ApplicationServices.GetRequiredService<EntraSecurityScheme>().Register(document);
                return Task.CompletedTask;
            });
            o.AddOperationTransformer<ProblemResponses>();
        });
        return builder;
    }

    public static WebApplication MapApiDescription(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        if (app.Services.GetRequiredService<HostingMode>().IsEmbeddedDefault)
        {
            app.MapScalarApiReference(ReferencePath, o => o
                .WithTitle("Kommunikationsplan API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                // Only the app's own files: no fonts from elsewhere, and its inline start script by a per-request nonce.
                .DisableDefaultFonts()
                .WithNonce())
                .WithMetadata(new PagePolicyMetadata(ReferencePolicy));
        }
        return app;
    }

    /// <summary>
    /// The pages' policy, but the reference's start script allowed by its nonce and its components' inline styles
    /// allowed (it injects them at run time); on the embedded default only, and not framed by anyone.
    /// </summary>
    private static string ReferencePolicy(HttpContext http)
    {
        var nonce = http.Items[ScalarOptions.NonceHttpContextItemKey] as string;
        return $"default-src 'self'; script-src 'self'{(nonce is null ? "" : $" 'nonce-{nonce}'")}; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }
}
