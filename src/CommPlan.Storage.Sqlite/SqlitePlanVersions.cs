using System.Security.Cryptography;
using System.Text;
using CommPlan.Application;
using CommPlan.Application.Storage;
using CommPlan.Domain.Access;
using CommPlan.Domain.Plans;
using CommPlan.Storage.Sqlite.Model;
using Microsoft.EntityFrameworkCore;

namespace CommPlan.Storage.Sqlite;

/// <summary>
/// A plan's vocabulary version is a hash of what it says, so it needs no column of its own; a change is written
/// only where the row still says what was read, in one statement, so two communicators cannot overwrite each other.
/// </summary>
public sealed partial class SqlitePlanStore
{
    public async Task<Versioned<Plan>?> GetVersionedAsync(Guid planId, CancellationToken ct)
    {
        var row = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId, ct);
        return row is null ? null : new Versioned<Plan>(row.ToPlan(), VocabularyETag(row));
    }

    public async Task<Versioned<Plan>> CreateAsync(Plan plan, PlanRoles roles, CancellationToken ct)
    {
        if (await db.Plans.AnyAsync(p => p.Id == plan.Id, ct)) throw new DuplicateException("Plan " + plan.Id);
        var row = plan.ToRow();
        row.RolesJson = Json.Write(roles.Assignments);
        db.Plans.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
        return new Versioned<Plan>(plan, VocabularyETag(row));
    }

    public async Task<Versioned<Plan>> UpdateAsync(Plan plan, string ifMatch, CancellationToken ct)
    {
        var what = "Plan " + plan.Id;
        var current = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == plan.Id, ct) ?? throw new NotFoundException(what);
        if (VocabularyETag(current) != ifMatch) throw new ConcurrencyConflictException(what, VocabularyETag(current));
        var next = plan.ToRow(new PlanRow { Id = plan.Id });
        var written = await db.Plans
            .Where(p => p.Id == plan.Id && p.Year == current.Year && p.Organisation == current.Organisation && p.Department == current.Department
                && p.Title == current.Title && p.GoalsJson == current.GoalsJson && p.TargetGroupsJson == current.TargetGroupsJson
                && p.ChannelsJson == current.ChannelsJson && p.UnitsJson == current.UnitsJson)
            .ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Organisation, next.Organisation)
                .SetProperty(p => p.Department, next.Department)
                .SetProperty(p => p.Title, next.Title)
                .SetProperty(p => p.GoalsJson, next.GoalsJson)
                .SetProperty(p => p.TargetGroupsJson, next.TargetGroupsJson)
                .SetProperty(p => p.ChannelsJson, next.ChannelsJson)
                .SetProperty(p => p.UnitsJson, next.UnitsJson), ct);
        if (written == 0)
        {
            // Another writer got in between: name the version that won, or say the plan is gone.
            var now = await GetVersionedAsync(plan.Id, ct) ?? throw new NotFoundException(what);
            throw new ConcurrencyConflictException(what, now.ETag);
        }
        return new Versioned<Plan>(plan, VocabularyETag(next));
    }

    private static string VocabularyETag(PlanRow r)
    {
        var text = string.Join('\u001f', r.Year, r.Organisation, r.Department, r.Title, r.GoalsJson, r.TargetGroupsJson, r.ChannelsJson, r.UnitsJson);
        return $"\"p{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24]}\"";
    }
}
