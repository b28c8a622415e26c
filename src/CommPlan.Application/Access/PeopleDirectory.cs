namespace CommPlan.Application.Access;

/// <summary>Someone in the organisation's directory, as the owner picker offers them.</summary>
public sealed record DirectoryPerson(Guid ObjectId, string DisplayName, string? Mail);

/// <summary>What the directory says about an address.</summary>
public enum DirectoryAnswer
{
    Found,
    /// <summary>No account has that e-mail or sign-in address.</summary>
    NotFound,
    /// <summary>The account exists but is disabled: the person has left the organisation.</summary>
    Disabled,
    /// <summary>The directory cannot be asked (no directory configured, or the app lacks the permission).</summary>
    NotAsked,
}

/// <summary>An address looked up: the account's object id when found (or disabled), and why not otherwise.</summary>
public sealed record AddressLookup(DirectoryAnswer Answer, Guid? ObjectId, string? Reason)
{
    public static AddressLookup Found(Guid objectId) => new(DirectoryAnswer.Found, objectId, null);
}

/// <summary>
/// The organisation's people, to pick an activity's owner from. Microsoft Graph's directory when Microsoft 365 is
/// configured; none on the embedded default, where the plan's own people are offered instead.
/// </summary>
public interface IPeopleDirectory
{
    /// <summary>Whether there is a directory to search at all.</summary>
    bool IsAvailable { get; }

    /// <summary>People whose name (any word of it) or e-mail address starts with <paramref name="text"/>, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<DirectoryPerson>> SearchAsync(string text, int max, CancellationToken ct);

    /// <summary>The person with this object id; null when the directory has no such person.</summary>
    Task<DirectoryPerson?> FindAsync(Guid objectId, CancellationToken ct);

    /// <summary>The person with exactly this e-mail address; null when the directory has none.</summary>
    Task<DirectoryPerson?> FindByMailAsync(string mail, CancellationToken ct);

    /// <summary>
    /// An owner picked by e-mail (in SharePoint) turned into the Entra object id their personal chat with the app is
    /// known by: the address as a sign-in name or as a mailbox. Failures other than "not there" and "not allowed" are
    /// thrown.
    /// </summary>
    Task<AddressLookup> LookUpAddressAsync(string address, CancellationToken ct);
}

/// <summary>No directory (the embedded default).</summary>
public sealed class NoPeopleDirectory : IPeopleDirectory
{
    public bool IsAvailable => false;

    public Task<IReadOnlyList<DirectoryPerson>> SearchAsync(string text, int max, CancellationToken ct) => Task.FromResult<IReadOnlyList<DirectoryPerson>>([]);

    public Task<DirectoryPerson?> FindAsync(Guid objectId, CancellationToken ct) => Task.FromResult<DirectoryPerson?>(null);

    public Task<DirectoryPerson?> FindByMailAsync(string mail, CancellationToken ct) => Task.FromResult<DirectoryPerson?>(null);

    public Task<AddressLookup> LookUpAddressAsync(string address, CancellationToken ct) =>
        Task.FromResult(new AddressLookup(DirectoryAnswer.NotAsked, null, "No directory is configured (Microsoft 365 settings) to look the address up."));
}
