using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CommPlan.Host.Identity;

/// <summary>The demo user everyone is signed in as on the embedded default (DevIdentity section).</summary>
public sealed class DevIdentityOptions
{
    public Guid ObjectId { get; set; } = new("6f1c7a52-0d3e-4c8e-9a41-2b7d3e5a1c01");
    public string DisplayName { get; set; } = "Anna Lindqvist";
    public string Email { get; set; } = "anna.lindqvist@pitea.example";
}

/// <summary>
/// Signs every request in as the configured demo user. Registered only on the embedded default, never when
/// Entra ID is configured: it exists so that a fresh clone can be used without a tenant.
/// </summary>
public sealed class DevIdentityHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    DevIdentityOptions user)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "DevIdentity";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var identity = new ClaimsIdentity(
        [
            new Claim(UserClaims.ObjectId, user.ObjectId.ToString()),
            new Claim(UserClaims.Name, user.DisplayName),
            new Claim(UserClaims.PreferredUsername, user.Email),
        ], SchemeName, UserClaims.Name, ClaimTypes.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}

/// <summary>The claims the app reads, as Entra ID names them in its access tokens.</summary>
public static class UserClaims
{
    public const string ObjectId = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    public const string ShortObjectId = "oid";
    public const string Name = "name";
    public const string PreferredUsername = "preferred_username";

    public static Guid? ObjectIdOf(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(ObjectId)?.Value ?? user.FindFirst(ShortObjectId)?.Value, out var id) ? id : null;
}
