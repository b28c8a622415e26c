namespace CommPlan.Application.Storage;

/// <summary>
/// One item of a remote list as the app last saw it: the remote id and version, the app's own key for it (an
/// activity id), the partition it belongs to (a plan id), and its fields as the remote store sent them (JSON).
/// </summary>
public sealed record SyncedItem(string ItemId, string? Key, string? Partition, string ETag, string FieldsJson);

/// <summary>
/// The app's local copy of remote lists (SharePoint) kept current by delta queries: per list, the link that asks
/// for the changes since the last sync, and the items as of that sync. It lives in the app's own database because
/// it is the app's cache, not the organisation's data.
/// </summary>
public interface ISyncStateStore
{
    /// <summary>The delta link of the last completed sync, or null when the list was never synced (or was reset).</summary>
    Task<string?> GetDeltaLinkAsync(string list, CancellationToken cancellationToken);

    Task<IReadOnlyList<SyncedItem>> ListAsync(string list, string? partition, CancellationToken cancellationToken);

    Task<SyncedItem?> FindByKeyAsync(string list, string key, CancellationToken cancellationToken);

    /// <summary>
    /// Applies changes in one transaction: upserts by item id, removes deleted ids, and, when
    /// <paramref name="deltaLink"/> is given, records it as the point the next sync starts from.
    /// </summary>
    Task ApplyAsync(string list, IReadOnlyCollection<SyncedItem> upserts, IReadOnlyCollection<string> deletedItemIds,
        string? deltaLink, CancellationToken cancellationToken);

    /// <summary>Forgets the list's items and delta link, so the next sync reads it whole (after 410 Gone).</summary>
    Task ResetAsync(string list, CancellationToken cancellationToken);
}
