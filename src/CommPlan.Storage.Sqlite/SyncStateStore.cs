using CommPlan.Application.Storage;
using CommPlan.Storage.Sqlite.Model;
using Microsoft.EntityFrameworkCore;

namespace CommPlan.Storage.Sqlite;

public sealed class SqliteSyncStateStore(AppDbContext db) : ISyncStateStore
{
    public async Task<string?> GetDeltaLinkAsync(string list, CancellationToken ct) =>
        (await db.SyncLists.AsNoTracking().FirstOrDefaultAsync(l => l.List == list, ct))?.DeltaLink;

    public async Task<IReadOnlyList<SyncedItem>> ListAsync(string list, string? partition, CancellationToken ct)
    {
        var query = db.SyncItems.AsNoTracking().Where(i => i.List == list);
        if (partition is not null) query = query.Where(i => i.Partition == partition);
        return (await query.ToListAsync(ct)).Select(ToItem).ToArray();
    }

    public async Task<SyncedItem?> FindByKeyAsync(string list, string key, CancellationToken ct)
    {
        var row = await db.SyncItems.AsNoTracking().FirstOrDefaultAsync(i => i.List == list && i.Key == key, ct);
        return row is null ? null : ToItem(row);
    }

    public async Task ApplyAsync(string list, IReadOnlyCollection<SyncedItem> upserts, IReadOnlyCollection<string> deletedItemIds,
        string? deltaLink, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var ids = upserts.Select(u => u.ItemId).Concat(deletedItemIds).Distinct().ToArray();
            var existing = await db.SyncItems.Where(i => i.List == list && ids.Contains(i.ItemId)).ToDictionaryAsync(i => i.ItemId, ct);
            foreach (var id in deletedItemIds)
                if (existing.Remove(id, out var gone)) db.SyncItems.Remove(gone);
            foreach (var item in upserts)
            {
                if (!existing.TryGetValue(item.ItemId, out var row))
                    db.SyncItems.Add(existing[item.ItemId] = row = new SyncItemRow { List = list, ItemId = item.ItemId });
                row.Key = item.Key;
                row.Partition = item.Partition;
                row.ETag = item.ETag;
                row.FieldsJson = item.FieldsJson;
            }
            if (deltaLink is not null)
            {
                var state = await db.SyncLists.FirstOrDefaultAsync(l => l.List == list, ct);
                if (state is null) db.SyncLists.Add(state = new SyncListRow { List = list });
                state.DeltaLink = deltaLink;
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    public async Task ResetAsync(string list, CancellationToken ct)
    {
        await db.SyncItems.Where(i => i.List == list).ExecuteDeleteAsync(ct);
        await db.SyncLists.Where(l => l.List == list).ExecuteDeleteAsync(ct);
    }

    private static SyncedItem ToItem(SyncItemRow r) => new(r.ItemId, r.Key, r.Partition, r.ETag, r.FieldsJson);
}
