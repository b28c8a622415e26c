using System.Text.Json;
using CommPlan.Application;
using CommPlan.Application.Storage;
using CommPlan.Storage.SharePoint.Graph;
using Microsoft.Kiota.Abstractions;

namespace CommPlan.Storage.SharePoint;

/// <summary>
/// Keeps the app database's copy of the plans and activity lists current with delta queries: the first sync reads a
/// list whole (every page), each later one asks only for the changes since the last delta link. When Graph no longer
/// knows the token (410 Gone, resyncChanges…), the copy is dropped and read again whole.
/// </summary>
/// <remarks>
/// A warm read costs one request: a sync of one list brings the other synced lists along in the same $batch when
/// they have a delta link (each step a delta with a token, the cheapest request SharePoint counts), and a list synced
/// once in a scope (one API request, one bot turn) is not synced again in it. So the plan and its activities are both
/// as SharePoint has them now, edits made in SharePoint included, for one round trip. Writes still quote the eTag,
/// and a conflict is resolved with <see cref="RefreshAsync"/>, which always asks.
/// </remarks>
public sealed class ListSync(GraphCalls graph, SharePointSite site, ISyncStateStore cache, SharePointOptions options)
{
    private readonly HashSet<string> _synced = new(StringComparer.Ordinal);

    /// <summary>An activity item's app key (activity id) and partition (plan id).</summary>
    public static (string? Key, string? Partition) ActivityKeys(JsonElement fields) =>
        (ActivityFields.ActivityIdOf(fields)?.ToString(), ActivityFields.PlanIdOf(fields)?.ToString());

    /// <summary>A plan item's app key (plan id); plans have no partition.</summary>
    public static (string? Key, string? Partition) PlanKeys(JsonElement fields) =>
        (Guid.TryParse(ActivityFields.Text(fields, PlanColumns.PlanId), out var id) ? id.ToString() : null, null);

    /// <summary>The lists kept in the cache, and how their items are keyed.</summary>
    private IEnumerable<(string List, Func<JsonElement, (string?, string?)> Identify)> Synced =>
        [(options.ActivitiesList, ActivityKeys), (options.PlansList, PlanKeys)];

    /// <summary>The cache key for a list: its display name, which is how the app finds it. No request when synced in this scope already.</summary>
    public Task SyncAsync(string listName, Func<JsonElement, (string? Key, string? Partition)> identify, CancellationToken ct) =>
        _synced.Contains(listName) ? Task.CompletedTask : SyncListsAsync(listName, identify, ct);

    /// <summary>Syncs the list whether or not it was synced in this scope: after a write was refused as stale.</summary>
    public Task RefreshAsync(string listName, Func<JsonElement, (string? Key, string? Partition)> identify, CancellationToken ct)
    {
        _synced.Remove(listName);
        return SyncListsAsync(listName, identify, ct);
    }

    /// <summary>Records an item as a write's answer returned it, so the next read need not wait for the delta.</summary>
    public Task RememberAsync(string listName, JsonElement item, Func<JsonElement, (string? Key, string? Partition)> identify, CancellationToken ct)
    {
        var synced = ToSynced(item, identify);
        return synced is null ? Task.CompletedTask : cache.ApplyAsync(listName, [synced], [], null, ct);
    }

    /// <summary>Records an item's fields as a PATCH of them answered (the whole field set, its eTag among them).</summary>
    public Task RememberFieldsAsync(string listName, string itemId, JsonElement fields, Func<JsonElement, (string? Key, string? Partition)> identify,
        CancellationToken ct)
    {
        var (key, partition) = identify(fields);
        var etag = fields.TryGetProperty("@odata.etag", out var e) ? e.GetString() ?? "" : "";
        return cache.ApplyAsync(listName, [new SyncedItem(itemId, key, partition, etag, fields.GetRawText())], [], null, ct);
    }

    public Task ForgetAsync(string listName, string itemId, CancellationToken ct) => cache.ApplyAsync(listName, [], [itemId], null, ct);

    private async Task SyncListsAsync(string listName, Func<JsonElement, (string?, string?)> identify, CancellationToken ct)
    {
        var lists = Synced.Where(s => s.List != listName && !_synced.Contains(s.List)).Prepend((listName, identify))
            .OrderBy(s => s.Item1, StringComparer.Ordinal).ToArray();
        // One gate per list, always taken in the same order, so two syncs of overlapping lists cannot wait on each other.
        var tickets = new List<SyncGate.Ticket>(lists.Length);
        try
        {
            foreach (var (list, _) in lists) tickets.Add(await site.SyncGate(list).EnterAsync(ct));
            var warm = new List<(string List, Func<JsonElement, (string?, string?)> Identify, string Link, SyncGate.Ticket Ticket)>();
            for (var i = 0; i < lists.Length; i++)
            {
                var (list, keys) = lists[i];
                var ticket = tickets[i];
                var primary = list == listName;
                if (!ticket.Needed)
                {
                    // A sync that started after this one was asked for has brought the copy as far as ours would.
                    _synced.Add(list);
                    continue;
                }
                if (await cache.GetDeltaLinkAsync(list, ct) is { } link) warm.Add((list, keys, link, ticket));
                else if (primary)
                {
                    // Never synced: read whole, on its own (many pages). Another list is only brought along once it is warm.
                    ticket.Start();
                    await ApplyAsync(list, null, keys, ct);
                    ticket.Succeeded();
                    _synced.Add(list);
                }
            }
            if (warm.Count == 1)
            {
                var (list, keys, link, ticket) = warm[0];
                ticket.Start();
                await DeltaAsync(list, link, keys, ct);
                ticket.Succeeded();
                _synced.Add(list);
            }
            else if (warm.Count > 1)
            {
                foreach (var w in warm) w.Ticket.Start();
                await BatchedDeltaAsync(warm.Select(w => (w.List, w.Identify, w.Link)).ToArray(), ct);
                foreach (var w in warm)
                {
                    w.Ticket.Succeeded();
                    _synced.Add(w.List);
                }
            }
        }
        finally
        {
            foreach (var ticket in tickets) ticket.Dispose();
        }
    }

    /// <summary>The changes of several lists in one $batch; a list whose step fails is synced on its own, which says why.</summary>
    private async Task BatchedDeltaAsync(IReadOnlyList<(string List, Func<JsonElement, (string?, string?)> Identify, string Link)> lists, CancellationToken ct)
    {
        var results = await graph.BatchAsync(lists.Select((l, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (Func<RequestInformation>)(() => GraphCalls.Link(Method.GET, l.Link)))).ToArray(), ct);
        for (var i = 0; i < lists.Count; i++)
        {
            var (list, identify, link) = lists[i];
            var result = results[i.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            if (SharePointThrottle.IsThrottling((System.Net.HttpStatusCode)result.Status)) throw new SharePointBusyException(graph.Throttle.Remaining);
            if (!result.Succeeded || result.Body is not { } page)
            {
                await DeltaAsync(list, link, identify, ct);
                continue;
            }
            var items = new List<JsonElement>();
            if (page.TryGetProperty("value", out var value)) items.AddRange(value.EnumerateArray());
            string? deltaLink;
            if (page.TryGetProperty("@odata.nextLink", out var next) && next.GetString() is { Length: > 0 } more)
            {
                var (rest, last) = await graph.ReadAllAsync(GraphCalls.Link(Method.GET, more), ct);
                items.AddRange(rest);
                deltaLink = last;
            }
            else deltaLink = page.TryGetProperty("@odata.deltaLink", out var delta) ? delta.GetString() : null;
            await StoreAsync(list, items, deltaLink ?? link, identify, ct);
        }
    }

    private async Task DeltaAsync(string listName, string link, Func<JsonElement, (string?, string?)> identify, CancellationToken ct)
    {
        try
        {
            await ApplyAsync(listName, link, identify, ct);
        }
        catch (Exception e) when (GraphCalls.StatusOf(e) == 410)
        {
            await cache.ResetAsync(listName, ct);
            await ApplyAsync(listName, null, identify, ct);
        }
    }

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
        await StoreAsync(listName, items, deltaLink ?? link, identify, ct);
    }

    private async Task StoreAsync(string listName, List<JsonElement> items, string? deltaLink, Func<JsonElement, (string?, string?)> identify, CancellationToken ct)
    {
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
        await cache.ApplyAsync(listName, upserts.Values, deleted, deltaLink, ct);
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
