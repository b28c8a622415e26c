using CommPlan.Application;
using CommPlan.Application.Storage;
using CommPlan.Domain.Reminders;
using CommPlan.Storage.Sqlite.Model;
using Microsoft.EntityFrameworkCore;

namespace CommPlan.Storage.Sqlite;

/// <summary>
/// The reminder ledger, policies, snoozes and last run in the app's database. A reminder and its outbox entry are
/// written in one transaction, and the ledger's primary key is the reminder's key: of two instances recording the
/// same reminder, the second fails as a whole and sends nothing.
/// </summary>
public sealed class SqliteReminderStore(AppDbContext db) : IReminderStore
{
    private const string SweepRun = "sweep";
    private const string DefaultETag = "\"default\"";

    public async Task<Versioned<ReminderPolicy>?> GetPolicyAsync(Guid planId, CancellationToken ct)
    {
        var row = await db.ReminderPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.PlanId == planId, ct);
        return row is null ? null : new Versioned<ReminderPolicy>(Json.Read<ReminderPolicy>(row.PolicyJson), Tag(row));
    }

    public async Task<Versioned<ReminderPolicy>> SavePolicyAsync(Guid planId, ReminderPolicy policy, string ifMatch, CancellationToken ct)
    {
        var what = "Reminder policy of plan " + planId;
        var row = await db.ReminderPolicies.FirstOrDefaultAsync(p => p.PlanId == planId, ct);
        try
        {
            if (row is null)
            {
                if (ifMatch != "*" && ifMatch != DefaultETag) throw new ConcurrencyConflictException(what, DefaultETag);
                db.ReminderPolicies.Add(row = new ReminderPolicyRow { PlanId = planId, Version = 1 });
            }
            else
            {
                if (ifMatch != "*" && ifMatch != Tag(row)) throw new ConcurrencyConflictException(what, Tag(row));
                row.Version++;
            }
            row.PolicyJson = Json.Write(policy);
            await db.SaveChangesAsync(ct);
            return new Versioned<ReminderPolicy>(policy, Tag(row));
        }
        catch (DbUpdateException)
        {
            // Saved by someone else between the read and the write (a concurrency token or a first insert racing).
            var current = await db.ReminderPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.PlanId == planId, ct);
            throw new ConcurrencyConflictException(what, current is null ? DefaultETag : Tag(current));
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    public async Task<IReadOnlySet<string>> RecordedAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        var list = keys.ToArray();
        return (await db.ReminderDeliveries.AsNoTracking().Where(d => list.Contains(d.Key)).Select(d => d.Key).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
    }

    public async Task<bool> RecordAsync(IReadOnlyList<ReminderDelivery> deliveries, NewOutboxEntry? entry, DateTimeOffset at, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            Guid? entryId = null;
            if (entry is not null)
            {
                var row = SqliteOutboxStore.NewRow(entry, at);
                db.Outbox.Add(row);
                entryId = row.Id;
            }
            foreach (var d in deliveries) db.ReminderDeliveries.Add(ToRow(d with { OutboxEntryId = entryId }));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Rolled back before asking: PostgreSQL answers nothing else inside a failed transaction.
            await transaction.RollbackAsync(ct);
            if (await AnyRecordedAsync(deliveries, ct)) return false;
            throw;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    public async Task<IReadOnlyList<ReminderDelivery>> ListAsync(Guid planId, DateOnly from, DateOnly to, CancellationToken ct) =>
        (await db.ReminderDeliveries.AsNoTracking().Where(d => d.PlanId == planId && d.Day >= from && d.Day <= to).ToListAsync(ct))
            .OrderBy(r => r.Day).ThenBy(r => r.RecipientName, StringComparer.CurrentCulture).ThenBy(r => r.Deadline).ThenBy(r => r.Key, StringComparer.Ordinal)
            .Select(ToDelivery).ToArray();

    public async Task<IReadOnlyList<ReminderDelivery>> ListDigestAsync(string digestKey, CancellationToken ct) =>
        (await db.ReminderDeliveries.AsNoTracking().Where(d => d.DigestKey == digestKey).ToListAsync(ct))
            .OrderBy(r => r.RecordedAt).ThenBy(r => r.Deadline).ThenBy(r => r.Key, StringComparer.Ordinal).Select(ToDelivery).ToArray();

    public async Task<IReadOnlyList<ReminderSnooze>> ListSnoozesAsync(DateOnly from, CancellationToken ct) =>
        (await db.ReminderSnoozes.AsNoTracking().Where(s => s.Until >= from).ToListAsync(ct))
            .Select(s => new ReminderSnooze(s.ActivityId, s.Deadline, s.RecipientKey, s.Until)).ToArray();

    public async Task SaveSnoozeAsync(ReminderSnooze snooze, CancellationToken ct)
    {
        var updated = await db.ReminderSnoozes
            .Where(s => s.ActivityId == snooze.ActivityId && s.Deadline == snooze.Deadline && s.RecipientKey == snooze.RecipientKey)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Until, snooze.Until), ct);
        if (updated > 0) return;
        db.ReminderSnoozes.Add(new ReminderSnoozeRow { ActivityId = snooze.ActivityId, Deadline = snooze.Deadline, RecipientKey = snooze.RecipientKey, Until = snooze.Until });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Added at the same moment elsewhere: the later date is the one asked for last.
            db.ChangeTracker.Clear();
            await db.ReminderSnoozes
                .Where(s => s.ActivityId == snooze.ActivityId && s.Deadline == snooze.Deadline && s.RecipientKey == snooze.RecipientKey)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Until, snooze.Until), ct);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    public async Task<DateTimeOffset?> GetLastRunAsync(CancellationToken ct)
    {
        var ms = await db.ReminderRuns.AsNoTracking().Where(r => r.Name == SweepRun).Select(r => (long?)r.LastRunAtMs).FirstOrDefaultAsync(ct);
        return ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;
    }

    public async Task SetLastRunAsync(DateTimeOffset at, CancellationToken ct)
    {
        var ms = at.ToUnixTimeMilliseconds();
        if (await db.ReminderRuns.Where(r => r.Name == SweepRun && r.LastRunAtMs < ms).ExecuteUpdateAsync(s => s.SetProperty(r => r.LastRunAtMs, ms), ct) > 0) return;
        if (await db.ReminderRuns.AnyAsync(r => r.Name == SweepRun, ct)) return;
        db.ReminderRuns.Add(new ReminderRunRow { Name = SweepRun, LastRunAtMs = ms });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance wrote the first run at the same moment; the next sweep moves it on.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private async Task<bool> AnyRecordedAsync(IReadOnlyList<ReminderDelivery> deliveries, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return (await RecordedAsync(deliveries.Select(d => d.Key).ToArray(), ct)).Count > 0;
    }

    private static string Tag(ReminderPolicyRow row) => $"\"{row.Version}\"";

    private static ReminderDeliveryRow ToRow(ReminderDelivery d) => new()
    {
        Key = d.Key, DigestKey = d.DigestKey, PlanId = d.PlanId, ActivityId = d.ActivityId, Title = d.Title, Deadline = d.Deadline,
        IsOccurrence = d.IsOccurrence, Kind = d.Kind.ToString(), WorkingDays = d.WorkingDays, RecipientKey = d.RecipientKey,
        RecipientName = d.RecipientName, Day = d.Day, CatchUp = d.CatchUp, State = d.State.ToString(), Reason = d.Reason,
        OutboxEntryId = d.OutboxEntryId, ConversationId = d.ConversationId, RecordedAt = d.RecordedAt,
    };

    private static ReminderDelivery ToDelivery(ReminderDeliveryRow r) => new(
        r.Key, r.DigestKey, r.PlanId, r.ActivityId, r.Title, r.Deadline, r.IsOccurrence, Enum.Parse<ReminderKind>(r.Kind), r.WorkingDays,
        r.RecipientKey, r.RecipientName, r.Day, r.CatchUp, Enum.Parse<ReminderDeliveryState>(r.State), r.Reason, r.OutboxEntryId,
        r.ConversationId, r.RecordedAt);

    public async Task<Guid?> FindResolvedRecipientAsync(string address, CancellationToken ct) =>
        await db.ReminderRecipients.AsNoTracking().Where(r => r.Address == address).Select(r => (Guid?)r.ObjectId).FirstOrDefaultAsync(ct);

    public async Task RememberResolvedRecipientAsync(string address, Guid objectId, DateTimeOffset at, CancellationToken ct)
    {
        if (await db.ReminderRecipients.AnyAsync(r => r.Address == address, ct)) return;
        db.ReminderRecipients.Add(new ReminderRecipientRow { Address = address, ObjectId = objectId, ResolvedAtMs = at.ToUnixTimeMilliseconds() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance remembered it at the same moment; the directory gave both the same id.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
