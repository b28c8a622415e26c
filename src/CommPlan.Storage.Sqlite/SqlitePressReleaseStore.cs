using CommPlan.Application;
using CommPlan.Application.Storage;
using CommPlan.Domain.PressReleases;
using CommPlan.Storage.Sqlite.Model;
using Microsoft.EntityFrameworkCore;

namespace CommPlan.Storage.Sqlite;

/// <summary>
/// Releases and their record in the app's database: a release and its audit entry are saved in one transaction, and
/// the release's row version makes the second of two writers quoting the same version fail.
/// </summary>
public sealed class SqlitePressReleaseStore(AppDbContext db) : IPressReleaseStore
{
    public async Task<IReadOnlyList<Versioned<PressRelease>>> ListAsync(Guid planId, CancellationToken ct) =>
        (await db.PressReleases.AsNoTracking().Where(r => r.PlanId == planId).OrderBy(r => r.CreatedAtMs).ToListAsync(ct))
            .Select(r => new Versioned<PressRelease>(r.ToRelease(), r.ETag())).ToArray();

    public async Task<Versioned<PressRelease>?> GetAsync(Guid planId, Guid releaseId, CancellationToken ct)
    {
        var row = await db.PressReleases.AsNoTracking().FirstOrDefaultAsync(r => r.Id == releaseId && r.PlanId == planId, ct);
        return row is null ? null : new Versioned<PressRelease>(row.ToRelease(), row.ETag());
    }

    public async Task<Versioned<PressRelease>> AddAsync(PressRelease release, AuditEntry entry, CancellationToken ct)
    {
        if (await db.PressReleases.AnyAsync(r => r.Id == release.Id, ct)) throw new DuplicateException("Press release " + release.Id);
        var row = new PressReleaseRow { RowVersion = 1 };
        row.CopyFrom(release);
        db.PressReleases.Add(row);
        db.PressReleaseAudit.Add(AuditEntryRow.From(entry));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two adds of the same id at once: the second hears what the first check would have said.
            if (await ExistsAsync(release.Id, ct)) throw new DuplicateException("Press release " + release.Id);
            throw;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
        return new Versioned<PressRelease>(release, row.ETag());
    }

    public async Task<Versioned<PressRelease>> UpdateAsync(PressRelease release, string ifMatch, AuditEntry? entry, CancellationToken ct)
    {
        var what = "Press release " + release.Id;
        try
        {
            var row = await db.PressReleases.FirstOrDefaultAsync(r => r.Id == release.Id && r.PlanId == release.PlanId, ct)
                ?? throw new NotFoundException(what);
            if (row.ETag() != ifMatch) throw new ConcurrencyConflictException(what, row.ETag());
            row.CopyFrom(release);
            row.RowVersion++;
            if (entry is not null) db.PressReleaseAudit.Add(AuditEntryRow.From(entry));
            await db.SaveChangesAsync(ct);
            return new Versioned<PressRelease>(release, row.ETag());
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another writer won between our read and our save: its entry is the one recorded, ours is not.
            db.ChangeTracker.Clear();
            var current = await GetAsync(release.PlanId, release.Id, ct) ?? throw new NotFoundException(what);
            throw new ConcurrencyConflictException(what, current.ETag);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(Guid planId, Guid? releaseId, CancellationToken ct)
    {
        var query = db.PressReleaseAudit.AsNoTracking().Where(e => e.PlanId == planId);
        if (releaseId is { } id) query = query.Where(e => e.ReleaseId == id);
        return (await query.OrderBy(e => e.Sequence).ToListAsync(ct)).Select(e => e.ToEntry()).ToArray();
    }

    public async Task AppendAdoptionAsync(AdoptionEntry entry, CancellationToken ct)
    {
        if (await db.PlanDocumentAdoptions.AnyAsync(e => e.Id == entry.Id, ct)) throw new DuplicateException("Record entry " + entry.Id);
        db.PlanDocumentAdoptions.Add(AdoptionEntryRow.From(entry));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    public async Task<IReadOnlyList<AdoptionEntry>> ListAdoptionsAsync(Guid planId, CancellationToken ct) =>
        (await db.PlanDocumentAdoptions.AsNoTracking().Where(e => e.PlanId == planId).OrderBy(e => e.Sequence).ToListAsync(ct))
            .Select(e => e.ToEntry()).ToArray();

    private async Task<bool> ExistsAsync(Guid id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await db.PressReleases.AnyAsync(r => r.Id == id, ct);
    }
}

public sealed class SqliteApprovalConversationStore(AppDbContext db) : IApprovalConversationStore
{
    public async Task<ApprovalConversation?> GetAsync(Guid planId, CancellationToken ct) =>
        await db.ApprovalConversations.AsNoTracking().Where(c => c.PlanId == planId)
            .Select(c => new ApprovalConversation(c.PlanId, c.ConversationId, c.SetBy, c.SetAt)).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<ApprovalConversation>> ListAsync(CancellationToken ct) =>
        await db.ApprovalConversations.AsNoTracking().Select(c => new ApprovalConversation(c.PlanId, c.ConversationId, c.SetBy, c.SetAt)).ToListAsync(ct);

    public async Task SetAsync(ApprovalConversation conversation, CancellationToken ct)
    {
        try
        {
            var row = await db.ApprovalConversations.FirstOrDefaultAsync(c => c.PlanId == conversation.PlanId, ct);
            if (row is null) db.ApprovalConversations.Add(row = new ApprovalConversationRow { PlanId = conversation.PlanId });
            row.ConversationId = conversation.ConversationId;
            row.SetBy = conversation.SetBy;
            row.SetAt = conversation.SetAt;
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
