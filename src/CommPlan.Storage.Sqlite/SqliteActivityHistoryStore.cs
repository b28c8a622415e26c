using CommPlan.Application.Storage;
using CommPlan.Domain.Activities;
using CommPlan.Storage.Sqlite.Model;
using Microsoft.EntityFrameworkCore;

namespace CommPlan.Storage.Sqlite;

/// <summary>The activities' history in the app's database, append-only (the migrations add triggers that refuse changes).</summary>
public sealed class SqliteActivityHistoryStore(AppDbContext db) : IActivityHistoryStore
{
    public async Task AppendAsync(ActivityHistoryEntry entry, CancellationToken ct)
    {
        if (await db.ActivityHistory.AnyAsync(e => e.Id == entry.Id, ct)) return;
        db.ActivityHistory.Add(ActivityHistoryRow.From(entry));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same entry added twice at once: it is there, once.
            if (!await ExistsAsync(entry.Id, ct)) throw;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    public async Task<IReadOnlyList<ActivityHistoryEntry>> ListAsync(Guid planId, Guid activityId, CancellationToken ct) =>
        (await db.ActivityHistory.AsNoTracking().Where(e => e.PlanId == planId && e.ActivityId == activityId).OrderBy(e => e.Sequence).ToListAsync(ct))
            .Select(e => e.ToEntry()).ToArray();

    private async Task<bool> ExistsAsync(Guid id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await db.ActivityHistory.AnyAsync(e => e.Id == id, ct);
    }
}
