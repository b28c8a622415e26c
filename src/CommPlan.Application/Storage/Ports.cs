using CommPlan.Domain.Access;
using CommPlan.Domain.Activities;
using CommPlan.Domain.Plans;

namespace CommPlan.Application.Storage;

/// <summary>A stored value and the version tag that a later write must quote (HTTP ETag, SharePoint eTag).</summary>
public sealed record Versioned<T>(T Value, string ETag);

/// <summary>Plans: the vocabulary (goals, target groups, channels, units) of each year's communication plan.</summary>
public interface IPlanStore
{
    Task<IReadOnlyList<Plan>> ListAsync(CancellationToken cancellationToken);

    Task<Plan?> GetAsync(Guid planId, CancellationToken cancellationToken);

    /// <summary>Adds the plan, or replaces the one with the same id; its roles stay as they are (none for a new plan).</summary>
    Task SaveAsync(Plan plan, CancellationToken cancellationToken);

    /// <summary>The plan and the version of its vocabulary, which a change must quote; null when there is no such plan.</summary>
    Task<Versioned<Plan>?> GetVersionedAsync(Guid planId, CancellationToken cancellationToken);

    /// <summary>Adds a new plan together with its first role list, so it is never seen without a communicator.</summary>
    /// <exception cref="DuplicateException">A plan with that id exists.</exception>
    Task<Versioned<Plan>> CreateAsync(Plan plan, PlanRoles roles, CancellationToken cancellationToken);

    /// <summary>Replaces the plan's vocabulary (not its roles), if it is still the version read.</summary>
    /// <exception cref="NotFoundException">No such plan.</exception>
    /// <exception cref="ConcurrencyConflictException">The plan changed since <paramref name="ifMatch"/> was read.</exception>
    Task<Versioned<Plan>> UpdateAsync(Plan plan, string ifMatch, CancellationToken cancellationToken);

    /// <summary>The plan's role list, stored with the plan, and its version; null when there is no such plan.</summary>
    Task<Versioned<PlanRoles>?> GetRolesAsync(Guid planId, CancellationToken cancellationToken);

    /// <summary>Replaces the plan's role list, if it is still the version read.</summary>
    /// <exception cref="NotFoundException">No such plan.</exception>
    /// <exception cref="ConcurrencyConflictException">The plan's roles changed since <paramref name="ifMatch"/> was read.</exception>
    Task<Versioned<PlanRoles>> SaveRolesAsync(Guid planId, PlanRoles roles, string ifMatch, CancellationToken cancellationToken);
}

/// <summary>The activity plan: rows of a plan, each with its own version for optimistic concurrency.</summary>
public interface IActivityStore
{
    Task<IReadOnlyList<Versioned<Activity>>> ListAsync(Guid planId, CancellationToken cancellationToken);

    Task<Versioned<Activity>?> GetAsync(Guid planId, Guid activityId, CancellationToken cancellationToken);

    /// <exception cref="DuplicateException">An activity with that id exists.</exception>
    Task<Versioned<Activity>> AddAsync(Activity activity, CancellationToken cancellationToken);

    /// <summary>Adds many activities at once (imports, the demo plan); all or none.</summary>
    Task AddRangeAsync(IReadOnlyCollection<Activity> activities, CancellationToken cancellationToken);

    /// <exception cref="NotFoundException">No such activity.</exception>
    /// <exception cref="ConcurrencyConflictException">It changed since <paramref name="ifMatch"/> was read.</exception>
    Task<Versioned<Activity>> UpdateAsync(Activity activity, string ifMatch, CancellationToken cancellationToken);

    /// <exception cref="NotFoundException">No such activity.</exception>
    /// <exception cref="ConcurrencyConflictException">It changed since <paramref name="ifMatch"/> was read.</exception>
    Task DeleteAsync(Guid planId, Guid activityId, string ifMatch, CancellationToken cancellationToken);
}

/// <summary>
/// What the app records about a document beside its content: the plan it belongs to and where it stands (a press
/// release's approval state, say). In SharePoint these are the library's columns, so people see and sort by them.
/// </summary>
/// <param name="ChangedBy">The person who made this version, by name: the app writes with its own identity, so the
/// store's own "modified by" names the app.</param>
public sealed record DocumentMetadata(Guid? PlanId = null, string? Status = null, string? ChangedBy = null)
{
    public const int MaxStatusLength = 255;

    public static DocumentMetadata None { get; } = new();
}

/// <summary>A file in a document library (plan documents, press releases).</summary>
public sealed record StoredDocument(string Library, string Name, long Size, DateTimeOffset LastModified, string ETag, DocumentMetadata Metadata)
{
    /// <summary>The current version's label ("3.0"), as the library's version history names it.</summary>
    public string Version { get; init; } = "1.0";

    /// <summary>Where the store shows the document itself (SharePoint's viewer); null when only a download can open it.</summary>
    public string? WebUrl { get; init; }
}

/// <summary>One version of a document, newest first in a list; the current one included.</summary>
public sealed record DocumentVersion(string Label, long Size, DateTimeOffset LastModified, string? ChangedBy);

/// <summary>Document libraries: a local folder by default, SharePoint in production.</summary>
public interface IDocumentStore
{
    /// <summary>Writes the file and its metadata, replacing an earlier one of the same name (SharePoint keeps it as a version).</summary>
    Task<StoredDocument> SaveAsync(string library, string name, Stream content, DocumentMetadata metadata, CancellationToken cancellationToken);

    /// <summary>The file's content, or null when it does not exist. The caller disposes the stream.</summary>
    Task<Stream?> OpenAsync(string library, string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredDocument>> ListAsync(string library, CancellationToken cancellationToken);

    /// <returns>False when there was no such file.</returns>
    Task<bool> DeleteAsync(string library, string name, CancellationToken cancellationToken);

    /// <summary>The file's versions, newest (the current one) first; null when there is no such file.</summary>
    Task<IReadOnlyList<DocumentVersion>?> ListVersionsAsync(string library, string name, CancellationToken cancellationToken);

    /// <summary>One version's content, or null when the file or the version does not exist. The caller disposes the stream.</summary>
    Task<Stream?> OpenVersionAsync(string library, string name, string version, CancellationToken cancellationToken);
}
