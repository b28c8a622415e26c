using System.Text.Json;
using CommPlan.Application.Storage;
using CommPlan.Storage.SharePoint.Graph;
using Microsoft.Kiota.Abstractions;

namespace CommPlan.Storage.SharePoint;

/// <summary>
/// Keeps the app database's copy of a list current with delta queries: the first sync reads the list whole (every
/// page), each later one asks only for the changes since the last delta link, so a warm read costs one request.
/// When Graph no longer knows the token (410 Gone, resyncChanges…), the copy is dropped and read again whole.
/// </summary>
public sealed class ListSync(GraphCalls graph, SharePointSite site, ISyncStateStore cache)
{
    /// <summary>The cache key for a list: its display name, which is how the app finds it.</summary>
    public async Task SyncAsync(string listName, Func<JsonElement, (string? Key, string? Partition)> identify, CancellationToken ct)
    {
        await site.SyncGate(listName).RunAsync(async () =>
        {
            var link = await cache.GetDeltaLinkAsync(listName, ct);
            try
            {
                await ApplyAsync(listName, link, identify, ct);
            }
            catch (Exception e) when (link is not null && GraphCalls.StatusOf(e) == 410)
            {
                await cache.ResetAsync(listName, ct);
                await ApplyAsync(listName, null, identify, ct);
            }
        }, ct);
    }

    /// <summary>Records an item as a write's answer returned it, so the next read need not wait for the delta.</summary>
    public Task RememberAsync(string listName, JsonElement item, Func<JsonElement, (string? Key, string? Partition)> identify, CancellationToken ct)
    {
        var synced = ToSynced(item, identify);
        return synced is null ? Task.CompletedTask : cache.ApplyAsync(listName, [synced], [], null, ct);
    }

    public Task ForgetAsync(string listName, string itemId, CancellationToken ct) => cache.ApplyAsync(listName, [], [itemId], null, ct);

    private async Task ApplyAsync(string listName, string? link, Func<JsonElement, (string?, string?)> identify, CancellationToken ct)
    {
        RequestInformation first;
        if (link is not null) first = GraphCalls.Link(Method.GET, link);
        else
        {
            var siteId = await site.IdAsync(ct);
            var listId = await site.ListIdAsync(listName, ct);
            first = graph.Client.Sites[siteId].Lists[listId].Items.Delta.ToGetRequestInformation(c => c.QueryParameters.Expand = ["fields"]);
        }
        var (items, deltaLink) = await graph.ReadAllAsync(first, ct);
        // The same item may come more than once in one delta: the last one counts.
        var upserts = new Dictionary<string, SyncedItem>(StringComparer.Ordinal);
        var deleted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var id = item.GetProperty("id").GetString()!;
            if (item.TryGetProperty("deleted", out _))
            {
                upserts.Remove(id);
                deleted.Add(id);
            }
            else if (ToSynced(item, identify) is { } synced)
            {
                deleted.Remove(id);
                upserts[id] = synced;
            }
        }
        await cache.ApplyAsync(listName, upserts.Values, deleted, deltaLink ?? link, ct);
    }

    private static SyncedItem? ToSynced(JsonElement item, Func<JsonElement, (string?, string?)> identify)
    {
        if (!item.TryGetProperty("fields", out var fields)) return null;
        var (key, partition) = identify(fields);
        var etag = item.TryGetProperty("eTag", out var e) ? e.GetString()
            : fields.TryGetProperty("@odata.etag", out var fe) ? fe.GetString() : null;
        return new SyncedItem(item.GetProperty("id").GetString()!, key, partition, etag ?? "", fields.GetRawText());
    }
}
