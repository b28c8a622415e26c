namespace CommPlan.Application.Notifications;

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

public sealed record DirectoryPerson(DirectoryAnswer Answer, Guid? ObjectId, string? Reason)
{
    public static DirectoryPerson Found(Guid objectId) => new(DirectoryAnswer.Found, objectId, null);
}

/// <summary>
/// The organisation's directory as reminders need it: a person picked by e-mail (in SharePoint) turned into their
/// Entra object id, the id their personal chat with the app is known by.
/// </summary>
public interface IPeopleDirectory
{
    /// <summary>Looks the address up as an e-mail or sign-in address. Failures other than "not there" and "not allowed" are thrown.</summary>
    Task<DirectoryPerson> FindByAddressAsync(string address, CancellationToken ct);
}

/// <summary>Without Microsoft 365 configured there is no directory to ask; the reason says so.</summary>
public sealed class NoPeopleDirectory : IPeopleDirectory
{
    public Task<DirectoryPerson> FindByAddressAsync(string address, CancellationToken ct) =>
        Task.FromResult(new DirectoryPerson(DirectoryAnswer.NotAsked, null, "No directory is configured (Microsoft 365 settings) to look the address up."));
}
