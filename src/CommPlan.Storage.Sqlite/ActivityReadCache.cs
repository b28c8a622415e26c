using System.Collections.Concurrent;
using CommPlan.Domain.Activities;

namespace CommPlan.Storage.Sqlite;

/// <summary>
/// The activities of each plan as last read, so that a read that finds every row at the version it had then skips
/// reading and parsing the rows again (most of a 1,000-activity page's time). Whether it may be used is decided
/// afresh on every read by the ids and versions in the database, which every write changes: a version is only ever
/// raised, and an activity's id is new when it is added, so an (id, version) pair always names the same content, also
/// when another instance wrote it. Writes through this process also end the cache's generation, so that a read that
/// overlapped a write never leaves what it read behind.
/// </summary>
/// <remarks>Holds immutable snapshots; each read builds new <see cref="Activity"/> objects, which callers may change.</remarks>
public sealed class ActivityReadCache
{
    private readonly ConcurrentDictionary<Guid, Entry> _plans = new();
    private long _generation;

    private sealed record Entry(long Generation, Dictionary<Guid, (long Version, ActivitySnapshot Snapshot)> Rows);

    /// <summary>Taken before a read; what the read finds is kept only if no write in this process came in between.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>Called before and after every write in this process.</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    /// <summary>The plan's activities when every (id, version) read now is known from an earlier read; else null.</summary>
    public IReadOnlyList<(ActivitySnapshot Snapshot, long Version)>? Find(Guid planId, IReadOnlyCollection<(Guid Id, long Version)> current)
    {
        if (!_plans.TryGetValue(planId, out var entry) || entry.Generation != Generation || entry.Rows.Count != current.Count) return null;
        var found = new List<(ActivitySnapshot, long)>(current.Count);
        foreach (var (id, version) in current)
        {
            if (!entry.Rows.TryGetValue(id, out var row) || row.Version != version) return null;
            found.Add((row.Snapshot, version));
        }
        return found;
    }

    /// <summary>Keeps a whole read of the plan, if no write in this process came after <paramref name="generation"/>.</summary>
    public void Keep(Guid planId, long generation, IEnumerable<(ActivitySnapshot Snapshot, long Version)> rows)
    {
        if (generation != Generation) return;
        _plans[planId] = new Entry(generation, rows.ToDictionary(r => r.Snapshot.Id, r => (r.Version, r.Snapshot)));
    }
}
