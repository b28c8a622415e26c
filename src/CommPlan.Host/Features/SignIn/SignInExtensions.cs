using System.Security.Claims;
using CommPlan.Host.Extensions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.Identity.Web;

namespace CommPlan.Host.Features.SignIn;

/// <summary>
/// Sign-in with Microsoft 365 settings. The API takes only bearer tokens (the tab's Teams SSO token), validated by
/// Microsoft.Identity.Web. Server-rendered pages cannot carry a bearer token on a navigation, so they get a short-lived
/// session cookie: inside Teams for an SSO token the page posts to <see cref="TeamsSsoPath"/> (validated by the very
/// same bearer scheme), in a browser outside Teams through Entra ID's OpenID Connect sign-in. Either way the cookie
/// carries the token's claims, so the Actor comes out the same.
/// </summary>
public static class SignInExtensions
{
    /// <summary>Picks the bearer scheme for the API and the session cookie for everything else.</summary>
    public const string DoorScheme = "CommPlan";
    public const string CookieName = "CommPlan.Session";
    public const string TeamsSsoPath = "/auth/teams-sso";
    public const string BrowserSignInPath = "/auth/signin";
    public const string CallbackPath = "/signin-oidc";
    /// <summary>Entra ID's instance in the public cloud, taken when AzureAd:Instance is left empty.</summary>
    public const string PublicCloudInstance = "https://login.microsoftonline.com/";

    public static AuthenticationBuilder AddMicrosoft365SignIn(this WebApplicationBuilder builder)
    {
        // Identity.Web fails every request (IDW10106) without an instance; the public cloud is what people mean by leaving it out.
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{HostingMode.EntraSection}:Instance"]))
            builder.Configuration[$"{HostingMode.EntraSection}:Instance"] = PublicCloudInstance;
        var entra = builder.Configuration.GetSection(HostingMode.EntraSection);
        var options = builder.Configuration.GetSection(SignInOptions.Section).Get<SignInOptions>() ?? new SignInOptions();
        builder.Services.AddSingleton(options);

        var auth = builder.Services.AddAuthentication(o =>
        {
            o.DefaultScheme = DoorScheme;
            o.DefaultChallengeScheme = DoorScheme;
        });
        auth.AddMicrosoftIdentityWebApi(entra, JwtBearerDefaults.AuthenticationScheme);
        auth.AddMicrosoftIdentityWebApp(entra, OpenIdConnectDefaults.AuthenticationScheme, CookieAuthenticationDefaults.AuthenticationScheme);
        // Cookies are never accepted at the API: with SameSite=None (pages are framed by Teams) a cookie would make the
        // API's writes open to cross-site requests. Bearer tokens are not sent by a browser on its own.
        auth.AddPolicyScheme(DoorScheme, null, o => o.ForwardDefaultSelector = http =>
            http.Request.Path.StartsWithSegments("/api") ? JwtBearerDefaults.AuthenticationScheme : CookieAuthenticationDefaults.AuthenticationScheme);

        // The ID token alone, posted back (implicit "ID tokens" on the app registration): signing a user in needs no
        // client secret, so the app registration keeps none.
        builder.Services.Configure<MicrosoftIdentityOptions>(OpenIdConnectDefaults.AuthenticationScheme, o => o.ResponseType = OpenIdConnectResponseType.IdToken);
        builder.Services.PostConfigure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o =>
        {
            o.ResponseType = OpenIdConnectResponseType.IdToken;
            o.ResponseMode = OpenIdConnectResponseMode.FormPost;
            o.CallbackPath = CallbackPath;
            o.UseTokenLifetime = false;
            o.SaveTokens = false;
            // Identity.Web names web-app users by preferred_username; the API names them by name. The same person must be
            // the same Actor (display name included) whichever way they signed in.
            o.TokenValidationParameters.NameClaimType = Identity.UserClaims.Name;
        });
        builder.Services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            // Teams frames the pages: a cookie set in the frame is only sent back with SameSite=None.
            o.Cookie.SameSite = SameSiteMode.None;
            o.ExpireTimeSpan = options.SessionLifetime;
            o.SlidingExpiration = false;
            // Pages show the sign-in step themselves; a cookie challenge never redirects on its own.
            o.Events.OnRedirectToLogin = context =>
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            };
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        return auth;
    }

    public static WebApplication MapSignIn(this WebApplication app)
    {
        var group = app.MapGroup("/auth").WithTags("Sign-in");
        if (app.Services.GetRequiredService<HostingMode>().UsesMicrosoft365)
        {
            group.MapPost("/teams-sso", ExchangeTeamsTokenAsync).WithName("SignInWithTeamsToken").AllowAnonymous()
                .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status401Unauthorized);
            group.MapGet("/signin", SignInInBrowser).WithName("SignInInBrowser").AllowAnonymous()
                .Produces(StatusCodes.Status302Found);
        }
        group.MapGet("/me", WhoAmI).WithName("SignedInUser")
            .Produces<SignedInUser>().ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    /// <summary>
    /// Validates the Teams SSO token exactly as the API does, then issues the page session for it. Only a request
    /// carrying the token in its Authorization header is taken: a browser never adds one across sites, so another
    /// site cannot sign a user in as someone else.
    /// </summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> ExchangeTeamsTokenAsync(
        HttpContext http, SignInOptions options, TimeProvider clock, IStringLocalizer<Text> text)
    {
        var result = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (!result.Succeeded || result.Principal.Identity is not ClaimsIdentity token || Identity.UserClaims.ObjectIdOf(result.Principal) is null)
        {
            // The bearer handler's reason (expired, wrong audience, ...) goes in the challenge, as at the API.
            await http.ChallengeAsync(JwtBearerDefaults.AuthenticationScheme);
            return TypedResults.Problem(title: text["SignIn_TokenRefused"], statusCode: StatusCodes.Status401Unauthorized);
        }
        var identity = new ClaimsIdentity(token.Claims.Select(c => new Claim(c.Type, c.Value, c.ValueType, c.Issuer)),
            "TeamsSso", token.NameClaimType, token.RoleClaimType);
        var now = clock.GetUtcNow();
        var expires = now + options.SessionLifetime;
        if (result.Properties?.ExpiresUtc is { } tokenExpires && tokenExpires < expires) expires = tokenExpires;
        if (long.TryParse(result.Principal.FindFirst("exp")?.Value, out var exp) && DateTimeOffset.FromUnixTimeSeconds(exp) < expires)
            expires = DateTimeOffset.FromUnixTimeSeconds(exp);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity),
            new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = expires, AllowRefresh = false });
        return TypedResults.NoContent();
    }

    /// <summary>Outside Teams: Entra ID's sign-in, back to the page the user came from (this site's pages only).</summary>
    private static ChallengeHttpResult SignInInBrowser(string? returnUrl) =>
        TypedResults.Challenge(new AuthenticationProperties { RedirectUri = LocalPath(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme]);

    /// <summary>A path on this site, or "/": never an address elsewhere (//host, /\host, https://...).</summary>
    internal static string LocalPath(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl) ? url : "/";

    /// <summary>Who the page session (or dev identity) is: the same Actor the API sees for the same user.</summary>
    private static Results<Ok<SignedInUser>, ProblemHttpResult> WhoAmI(HttpContext http, IStringLocalizer<Text> text) =>
        Identity.ActorClaims.FromUser(http.User) is { } actor
            ? TypedResults.Ok(new SignedInUser(actor.ObjectId, actor.TenantId, actor.DisplayName, actor.Email))
            : TypedResults.Problem(title: text["SignIn_NotSignedIn"], statusCode: StatusCodes.Status401Unauthorized);
}

public sealed record SignedInUser(Guid ObjectId, Guid? TenantId, string Name, string? Email);
