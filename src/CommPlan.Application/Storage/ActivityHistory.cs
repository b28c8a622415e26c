using CommPlan.Domain.Activities;

namespace CommPlan.Application.Storage;

/// <summary>
/// The history of the activities: an entry for each change, added once and never changed or removed. It lives
/// beside the activities on every store, so a plan moved between stores keeps its rows and their past alike.
/// </summary>
public interface IActivityHistoryStore
{
    /// <summary>Adds the entry; adding an entry whose id is there already changes nothing.</summary>
    Task AppendAsync(ActivityHistoryEntry entry, CancellationToken ct);

    /// <summary>The activity's history, oldest first.</summary>
    Task<IReadOnlyList<ActivityHistoryEntry>> ListAsync(Guid planId, Guid activityId, CancellationToken ct);
}
