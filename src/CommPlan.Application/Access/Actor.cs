using CommPlan.Domain.Access;

namespace CommPlan.Application.Access;

/// <summary>
/// Who is asking, as each door resolves them once per request: their Entra object id and tenant, their name, their
/// e-mail address where known, and their groups. <see cref="Groups"/> is null when the door does not know them
/// (no <c>groups</c> claim in the token, or a group overage): the directory is then asked, about the groups that
/// matter to the plan only.
/// </summary>
public sealed record Actor(Guid ObjectId, Guid? TenantId, string DisplayName, string? Email = null, IReadOnlySet<Guid>? Groups = null)
{
    public Caller ToCaller(IReadOnlySet<Guid> groups) => new(ObjectId, TenantId, Email, groups);
}

/// <summary>
/// Access settings (Access section). <see cref="Communicators"/> are the bootstrap communicators, by user object id
/// or group id: communicators of every plan, so that a new installation has someone to hand out roles.
/// <see cref="TenantId"/> is the organisation's tenant; when set, callers from any other tenant are refused.
/// </summary>
public sealed class AccessOptions
{
    public const string Section = "Access";

    public List<Guid> Communicators { get; set; } = [];
    public Guid? TenantId { get; set; }

    /// <summary>How long a group membership answer from the directory is trusted.</summary>
    public TimeSpan GroupCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a request (a card's invoke above all: Teams gives it about 15 seconds) waits for the directory when
    /// the answer it needs is not cached; then it fails with "try again" and changes nothing.
    /// </summary>
    public TimeSpan DirectoryBudget { get; set; } = TimeSpan.FromSeconds(3);

    public AccessPolicy ToPolicy() => new(TenantId, Communicators.Where(id => id != Guid.Empty).Distinct().ToArray());
}
