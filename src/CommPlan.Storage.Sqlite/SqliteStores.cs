using CommPlan.Application;
using CommPlan.Application.Storage;
using CommPlan.Domain.Access;
using CommPlan.Domain.Activities;
using CommPlan.Domain.Plans;
using CommPlan.Storage.Sqlite.Model;
using Microsoft.EntityFrameworkCore;

namespace CommPlan.Storage.Sqlite;

public sealed partial class SqlitePlanStore(AppDbContext db) : IPlanStore
{
    public async Task<IReadOnlyList<Plan>> ListAsync(CancellationToken ct) =>
        (await db.Plans.AsNoTracking().OrderBy(p => p.Year).ToListAsync(ct)).Select(r => r.ToPlan()).ToArray();

    public async Task<Plan?> GetAsync(Guid planId, CancellationToken ct) =>
        (await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId, ct))?.ToPlan();

    public async Task SaveAsync(Plan plan, CancellationToken ct)
    {
        var row = await db.Plans.FirstOrDefaultAsync(p => p.Id == plan.Id, ct);
        if (row is null) db.Plans.Add(plan.ToRow());
        else plan.ToRow(row);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    public async Task<Versioned<PlanRoles>?> GetRolesAsync(Guid planId, CancellationToken ct)
    {
        var row = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId, ct);
        return row is null ? null : new Versioned<PlanRoles>(row.ToRoles(), row.RolesETag());
    }

    public async Task<Versioned<PlanRoles>> SaveRolesAsync(Guid planId, PlanRoles roles, string ifMatch, CancellationToken ct)
    {
        var what = "Roles of plan " + planId;
        var row = await db.Plans.FirstOrDefaultAsync(p => p.Id == planId, ct) ?? throw new NotFoundException(what);
        try
        {
            if (row.RolesETag() != ifMatch) throw new ConcurrencyConflictException(what, row.RolesETag());
            row.RolesJson = Json.Write(roles.Assignments);
            row.RolesVersion++;
            await db.SaveChangesAsync(ct);
            return new Versioned<PlanRoles>(row.ToRoles(), row.RolesETag());
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another writer won between our read and our save: name its version, or say the plan is gone.
            db.ChangeTracker.Clear();
            var current = await GetRolesAsync(planId, ct) ?? throw new NotFoundException(what);
            throw new ConcurrencyConflictException(what, current.ETag);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}

public sealed class SqliteActivityStore(AppDbContext db, ActivityReadCache cache) : IActivityStore
{
    public async Task<IReadOnlyList<Versioned<Activity>>> ListAsync(Guid planId, CancellationToken ct)
    {
        var generation = cache.Generation;
        // Ids and versions only: two narrow columns, against twenty with JSON to parse for a whole read.
        var current = (await db.Activities.AsNoTracking().Where(a => a.PlanId == planId).Select(a => new { a.Id, a.Version }).ToListAsync(ct))
            .Select(a => (a.Id, a.Version)).ToArray();
        if (cache.Find(planId, current) is { } known)
            return known.Select(k => new Versioned<Activity>(Activity.FromSnapshot(k.Snapshot), RowMapping.ETag(k.Version))).ToArray();
        var rows = (await db.Activities.AsNoTracking().Where(a => a.PlanId == planId).ToListAsync(ct))
            .Select(r => (Snapshot: r.ToActivity().ToSnapshot(), r.Version)).ToArray();
        cache.Keep(planId, generation, rows);
        return rows.Select(r => new Versioned<Activity>(Activity.FromSnapshot(r.Snapshot), RowMapping.ETag(r.Version))).ToArray();
    }

    public async Task<Versioned<Activity>?> GetAsync(Guid planId, Guid activityId, CancellationToken ct)
    {
        var row = await db.Activities.AsNoTracking().FirstOrDefaultAsync(a => a.Id == activityId && a.PlanId == planId, ct);
        return row is null ? null : new Versioned<Activity>(row.ToActivity(), row.ETag());
    }

    public async Task<Versioned<Activity>> AddAsync(Activity activity, CancellationToken ct)
    {
        if (await db.Activities.AnyAsync(a => a.Id == activity.Id, ct)) throw new DuplicateException("Activity " + activity.Id);
        var row = new ActivityRow { Version = 1 };
        activity.CopyTo(row);
        db.Activities.Add(row);
        await SaveAsync(ct);
        return new Versioned<Activity>(row.ToActivity(), row.ETag());
    }

    public async Task AddRangeAsync(IReadOnlyCollection<Activity> activities, CancellationToken ct)
    {
        var ids = activities.Select(a => a.Id).ToArray();
        if (await db.Activities.AnyAsync(a => ids.Contains(a.Id), ct)) throw new DuplicateException("One of the activities");
        foreach (var activity in activities)
        {
            var row = new ActivityRow { Version = 1 };
            activity.CopyTo(row);
            db.Activities.Add(row);
        }
        await SaveAsync(ct); // one transaction: all or none
    }

    public async Task<Versioned<Activity>> UpdateAsync(Activity activity, string ifMatch, CancellationToken ct)
    {
        var what = "Activity " + activity.Id;
        var row = await db.Activities.FirstOrDefaultAsync(a => a.Id == activity.Id && a.PlanId == activity.PlanId, ct)
            ?? throw new NotFoundException(what);
        if (row.ETag() != ifMatch) throw new ConcurrencyConflictException(what, row.ETag());
        activity.CopyTo(row);
        row.Version++;
        try
        {
            await SaveAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw await ConflictAsync(what, activity.PlanId, activity.Id, ct);
        }
        return new Versioned<Activity>(row.ToActivity(), row.ETag());
    }

    public async Task DeleteAsync(Guid planId, Guid activityId, string ifMatch, CancellationToken ct)
    {
        var what = "Activity " + activityId;
        var row = await db.Activities.FirstOrDefaultAsync(a => a.Id == activityId && a.PlanId == planId, ct)
            ?? throw new NotFoundException(what);
        if (ifMatch != "*" && row.ETag() != ifMatch) throw new ConcurrencyConflictException(what, row.ETag());
        db.Activities.Remove(row);
        try
        {
            await SaveAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw await ConflictAsync(what, planId, activityId, ct);
        }
    }

    /// <summary>
    /// Another writer got in between our read and our write: the 412 names the version that won, read afresh, so the
    /// caller can reload; if that writer deleted it, it is gone (404).
    /// </summary>
    private async Task<Exception> ConflictAsync(string what, Guid planId, Guid activityId, CancellationToken ct)
    {
        var current = await db.Activities.AsNoTracking().FirstOrDefaultAsync(a => a.Id == activityId && a.PlanId == planId, ct);
        return current is null ? new NotFoundException(what) : new ConcurrencyConflictException(what, current.ETag());
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        // Before and after: a read that overlaps the write in any way keeps nothing of what it read.
        cache.Invalidate();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            // Each call is its own unit of work; a failed one must not leave rows behind for the next.
            db.ChangeTracker.Clear();
            cache.Invalidate();
        }
    }
}
