using CommPlan.Host.Extensions;
using Microsoft.OpenApi;

namespace CommPlan.Host.Features.ApiDescription;

/// <summary>
/// How callers sign in, as the document says it: an Entra ID access token for the app's API (the tab's SSO token or
/// any client's delegated token) as a bearer JWT. On the embedded default the dev identity signs every request in,
/// so the token is optional there, which the document says too (an empty requirement next to the bearer one).
/// </summary>
public sealed class EntraSecurityScheme(HostingMode mode, IConfiguration configuration)
{
    public const string Name = "EntraId";

    public void Require(OpenApiOperation operation, OpenApiDocument document)
    {
        Register(document);
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Name, document)] = [] });
        if (mode.IsEmbeddedDefault) operation.Security.Add(new OpenApiSecurityRequirement());
    }

    public void Register(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        if (document.Components.SecuritySchemes.ContainsKey(Name)) return;
        document.Components.SecuritySchemes[Name] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = Describe(),
        };
    }

    private string Describe()
    {
        if (mode.IsEmbeddedDefault)
            return "An Entra ID access token for the app's API (scope access_as_user) once Microsoft 365 is configured. "
                + "This instance runs on the embedded default: every request is signed in as the dev identity (DevIdentity), no token needed.";
        var ad = configuration.GetSection(HostingMode.EntraSection);
        var audience = ad["Audience"] is { Length: > 0 } a ? a : $"api://{ad["ClientId"]}";
        return $"An Entra ID access token issued by tenant {ad["TenantId"]} for {audience} (scope access_as_user): "
            + "the Teams tab's SSO token, or a token a client gets for that scope on the user's behalf.";
    }
}
