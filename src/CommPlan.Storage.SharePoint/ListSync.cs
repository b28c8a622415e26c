using System.Net;
using System.Text.Json;
using CommPlan.Application.Storage;
using CommPlan.Storage.SharePoint.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;

namespace CommPlan.Storage.SharePoint;

/// <summary>
/// Keeps the app database's copy of the plans list and the activity list current with delta queries: the first
/// sync reads a list whole (every page), each later one asks only for the changes since the last delta link. Both
/// lists are asked together in one $batch, because a read of a plan's activities also reads the plan (its year, its
/// vocabularies): the sync the plan's read makes serves the activities' read that follows it, so a warm read costs
/// one request, and a plan edited in SharePoint shows on the next read.
/// When Graph no longer knows a list's token (410 Gone, resyncChanges…), that list's copy alone is dropped and read
/// again whole.
/// </summary>
/// <remarks>
/// Scoped: the lists a sync brought up to date and this unit of work (one API request, one bot turn) has not read
/// since are read without asking again; every other read asks. So a list is never older than the read of the other
/// list just before it in the same unit of work.
/// </remarks>
public sealed class ListSync(GraphCalls graph, SharePointSite site, ISyncStateStore cache, SharePointOptions options)
{
    private readonly HashSet<string> _unread = new(StringComparer.Ordinal);

    private IEnumerable<string> Lists => [options.PlansList, options.ActivitiesList];

    /// <summary>Brings the copy of the list up to date before it is read, with one request for both lists.</summary>
    public async Task SyncAsync(string listName, CancellationToken ct)
    {
        if (_unread.Remove(listName)) return;
        await RefreshAsync(listName, ct);
    }

    /// <summary>Asks Graph for the changes even when a sync just brought them: after a write was refused (412).</summary>
    public async Task RefreshAsync(string listName, CancellationToken ct)
    {
        await site.SyncGate(string.Join('|', Lists)).RunAsync(() => SyncListsAsync(ct), ct);
        _unread.UnionWith(Lists);
        _unread.Remove(listName);
    }

    /// <summary>Records an item as a write's answer returned it, so the next read need not wait for the delta.</summary>
    public Task RememberAsync(string listName, JsonElement item, CancellationToken ct)
    {
        var synced = ToSynced(listName, item);
        return synced is null ? Task.CompletedTask : cache.ApplyAsync(listName, [synced], [], null, ct);
    }

    /// <summary>Records an item's fields as a PATCH of its fields answered them (the whole field set, without the item).</summary>
    public Task RememberFieldsAsync(string listName, string itemId, JsonElement fields, string etag, CancellationToken ct)
    {
        var (key, partition) = Identify(listName, fields);
        return cache.ApplyAsync(listName, [new SyncedItem(itemId, key, partition, etag, fields.GetRawText())], [], null, ct);
    }

    public Task ForgetAsync(string listName, string itemId, CancellationToken ct) => cache.ApplyAsync(listName, [], [itemId], null, ct);

    /// <summary>How the copy finds an item: a plan by its id; an activity by its id, within its plan.</summary>
    public (string? Key, string? Partition) Identify(string listName, JsonElement fields) =>
        listName == options.PlansList
            ? (ActivityFields.Text(fields, PlanColumns.PlanId), null)
            : (ActivityFields.ActivityIdOf(fields)?.ToString(), ActivityFields.PlanIdOf(fields)?.ToString());

    private async Task SyncListsAsync(CancellationToken ct)
    {
        var links = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var list in Lists) links[list] = await cache.GetDeltaLinkAsync(list, ct);
        var ids = new Dictionary<string, (string Site, string List)>(StringComparer.Ordinal);
        // A list answered 410 is asked again from the start, once; the lists answered in the same batch keep theirs.
        for (var round = 0; links.Count > 0; round++)
        {
            var steps = new List<(string Id, Func<RequestInformation> Request)>();
            foreach (var (list, link) in links)
            {
                if (link is null && !ids.ContainsKey(list)) ids[list] = (await site.IdAsync(ct), await site.ListIdAsync(list, ct));
                steps.Add((list, () => link is not null ? GraphCalls.Link(Method.GET, link) : FirstDelta(ids[list])));
            }
            var results = await graph.BatchAsync(steps, ct);
            var again = new Dictionary<string, string?>(StringComparer.Ordinal);
            StepResult? failed = null;
            foreach (var (list, link) in links)
            {
                var result = results[list];
                if (result.Status == 410 && link is not null && round == 0)
                {
                    await cache.ResetAsync(list, ct);
                    again[list] = null;
                }
                // The other list's changes are kept even when this one's step failed.
                else if (result.Succeeded && result.Body is { } page) await ApplyAsync(list, link, page, ct);
                else failed ??= result;
            }
            if (failed is not null)
            {
                // A throttled step the lane would not wait for (see GraphCalls.BatchAsync).
                if (SharePointThrottle.IsThrottling((HttpStatusCode)failed.Status)) throw new SharePointBusyException(graph.Throttle.Remaining);
                throw StepError(failed);
            }
            links = again;
        }
    }

    private RequestInformation FirstDelta((string Site, string List) ids) =>
        graph.Client.Sites[ids.Site].Lists[ids.List].Items.Delta.ToGetRequestInformation(c => c.QueryParameters.Expand = ["fields"]);

    /// <summary>The batch answered the delta's first page; the rest of its pages, if any, are read one by one.</summary>
    private async Task ApplyAsync(string listName, string? link, JsonElement page, CancellationToken ct)
    {
        var items = page.TryGetProperty("value", out var value) ? value.EnumerateArray().ToList() : [];
        var deltaLink = page.TryGetProperty("@odata.deltaLink", out var d) ? d.GetString() : null;
        if (page.TryGetProperty("@odata.nextLink", out var next) && next.GetString() is { Length: > 0 } nextLink)
        {
            var (rest, restDelta) = await graph.ReadAllAsync(GraphCalls.Link(Method.GET, nextLink), ct);
            items.AddRange(rest);
            deltaLink = restDelta;
        }
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
            else if (ToSynced(listName, item) is { } synced)
            {
                deleted.Remove(id);
                upserts[id] = synced;
            }
        }
        await cache.ApplyAsync(listName, upserts.Values, deleted, deltaLink ?? link, ct);
    }

    /// <summary>A step that failed for good, as the same Graph error a request of its own would have thrown.</summary>
    private static ODataError StepError(StepResult result)
    {
        var message = result.Body is { } b && b.TryGetProperty("error", out var e) && e.TryGetProperty("message", out var m) ? m.GetString() : null;
        return new ODataError
        {
            ResponseStatusCode = result.Status,
            Error = new MainError { Code = result.ErrorCode, Message = message ?? $"The delta step answered {result.Status}." },
        };
    }

    private SyncedItem? ToSynced(string listName, JsonElement item)
    {
        if (!item.TryGetProperty("fields", out var fields)) return null;
        var (key, partition) = Identify(listName, fields);
        var etag = item.TryGetProperty("eTag", out var e) ? e.GetString()
            : fields.TryGetProperty("@odata.etag", out var fe) ? fe.GetString() : null;
        return new SyncedItem(item.GetProperty("id").GetString()!, key, partition, etag ?? "", fields.GetRawText());
    }
}
