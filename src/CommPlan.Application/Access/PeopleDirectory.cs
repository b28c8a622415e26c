namespace CommPlan.Application.Access;

/// <summary>Someone in the organisation's directory, as the owner picker offers them.</summary>
public sealed record DirectoryPerson(Guid ObjectId, string DisplayName, string? Mail);

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
}

/// <summary>No directory (the embedded default).</summary>
public sealed class NoPeopleDirectory : IPeopleDirectory
{
    public bool IsAvailable => false;

    public Task<IReadOnlyList<DirectoryPerson>> SearchAsync(string text, int max, CancellationToken ct) => Task.FromResult<IReadOnlyList<DirectoryPerson>>([]);

    public Task<DirectoryPerson?> FindAsync(Guid objectId, CancellationToken ct) => Task.FromResult<DirectoryPerson?>(null);

    public Task<DirectoryPerson?> FindByMailAsync(string mail, CancellationToken ct) => Task.FromResult<DirectoryPerson?>(null);
}
