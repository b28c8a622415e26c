using System.Security.Claims;
using CommPlan.Application;
using CommPlan.Application.Access;
using CommPlan.Domain.Access;

namespace CommPlan.Host.Identity;

/// <summary>The actor of a web request, read once from the signed-in user's claims (Entra ID token or dev identity).</summary>
public static class ActorClaims
{
    public const string TenantId = "http://schemas.microsoft.com/identity/claims/tenantid";
    public const string ShortTenantId = "tid";
    public const string Groups = "groups";
    public const string Email = "email";
    public const string Upn = "upn";
    /// <summary>Present when the user is in more groups than the token can carry: the groups must come from Graph.</summary>
    public const string ClaimNames = "_claim_names";

    /// <summary>The actor, or null when the user has no Entra object id (not signed in, or an app-only token).</summary>
    public static Actor? FromUser(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true || UserClaims.ObjectIdOf(user) is not { } objectId) return null;
        var tenant = Guid.TryParse(user.FindFirst(TenantId)?.Value ?? user.FindFirst(ShortTenantId)?.Value, out var t) ? t : (Guid?)null;
        var email = user.FindFirst(Email)?.Value ?? user.FindFirst(UserClaims.PreferredUsername)?.Value ?? user.FindFirst(Upn)?.Value;
        var groupClaims = user.FindAll(Groups).ToArray();
        // No groups claim (not configured, or an overage): null, so the directory is asked.
        IReadOnlySet<Guid>? groups = groupClaims.Length > 0 && user.FindFirst(ClaimNames) is null
            ? groupClaims.Select(c => Guid.TryParse(c.Value, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToHashSet()
            : null;
        return new Actor(objectId, tenant, user.Identity?.Name ?? user.FindFirst(UserClaims.Name)?.Value ?? "", email, groups);
    }

    /// <summary>
    /// Makes the request's <see cref="Actor"/> a scoped service, so endpoints take it as a parameter. Endpoints that
    /// require authorization never see an anonymous user; a signed-in user without an object id is refused.
    /// </summary>
    public static IServiceCollection AddRequestActor(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped(sp => FromUser(sp.GetRequiredService<IHttpContextAccessor>().HttpContext?.User)
            ?? throw new AccessDeniedException(AccessDecision.Refuse(Operation.ReadPlan, PlanRole.Reader, RefusalReason.Unidentified)));
        return services;
    }
}
