using System.Text.Json;
using System.Text.Json.Nodes;
using CommPlan.Application;
using CommPlan.Application.Storage;
using CommPlan.Domain.Activities;
using CommPlan.Storage.SharePoint.Graph;
using Microsoft.Kiota.Abstractions;

namespace CommPlan.Storage.SharePoint;

/// <summary>
/// The activity plan as one SharePoint list, one item per activity, the plan id an indexed column so one site holds
/// every year's plan. Reads come from the app database's copy after one delta request; writes quote the item's
/// eTag (If-Match), so a change someone made in SharePoint or another instance is a conflict, not lost.
/// </summary>
public sealed class SharePointActivityStore(GraphCalls graph, SharePointSite site, ListSync sync, ISyncStateStore cache,
    SharePointOptions options, ActivityFields mapping, SiteUsers siteUsers) : IActivityStore
{
    private string List => options.ActivitiesList;

    public async Task<IReadOnlyList<Versioned<Activity>>> ListAsync(Guid planId, CancellationToken ct)
    {
        await sync.SyncAsync(List, ct);
        // One read of the copy serves both the plan's own rows and the rows added by hand.
        var items = await cache.ListAsync(List, null, ct);
        var own = items.Where(i => i.Partition == planId.ToString()).Select(i => (Read(i), i.ETag));
        var hand = HandRows(items, planId).Select(h => (h.Read, h.Item.ETag));
        return await WithOwnersAsync([.. own, .. hand], items, ct);
    }

    public async Task<Versioned<Activity>?> GetAsync(Guid planId, Guid activityId, CancellationToken ct)
    {
        await sync.SyncAsync(List, ct);
        var item = await cache.FindByKeyAsync(List, activityId.ToString(), ct);
        if (item is not null) return item.Partition != planId.ToString() ? null : (await WithOwnersAsync([(Read(item), item.ETag)], null, ct))[0];
        var hand = (await HandRowsAsync(planId, ct)).FirstOrDefault(h => h.Read.Activity.Id == activityId);
        return hand.Item is null ? null : (await WithOwnersAsync([(hand.Read, hand.Item.ETag)], null, ct))[0];
    }

    /// <summary>
    /// Rows people added in SharePoint without the app, that fall in the plan's year (see
    /// <see cref="ActivityFields.FromHandRow"/>). The first write through the app gives them its id and data.
    /// </summary>
    private async Task<IReadOnlyList<(SyncedItem Item, ReadActivity Read)>> HandRowsAsync(Guid planId, CancellationToken ct) =>
        HandRows(await cache.ListAsync(List, null, ct), planId);

    private IReadOnlyList<(SyncedItem Item, ReadActivity Read)> HandRows(IEnumerable<SyncedItem> items, Guid planId)
    {
        var unclaimed = items.Where(i => i.Key is null && i.Partition is null).ToArray();
        if (unclaimed.Length == 0 || !site.PlanYears.TryGetValue(planId, out var year)) return [];
        var adopted = new List<(SyncedItem, ReadActivity)>();
        foreach (var item in unclaimed)
        {
            using var document = JsonDocument.Parse(item.FieldsJson);
            if (mapping.FromHandRow(document.RootElement, item.ItemId, planId, year) is { } read) adopted.Add((item, read));
        }
        return adopted;
    }

    /// <summary>
    /// Sets the owners of rows whose Owner column someone changed in SharePoint, looked up once for the whole read:
    /// the site user's name and address, and the Entra object id when an activity the app wrote already has that
    /// person as owner. Someone the app has not met yet is an owner by name and e-mail only; an emptied column, none.
    /// </summary>
    private async Task<IReadOnlyList<Versioned<Activity>>> WithOwnersAsync(IReadOnlyList<(ReadActivity Read, string ETag)> rows,
        IReadOnlyList<SyncedItem>? all, CancellationToken ct)
    {
        var changed = rows.Select(r => r.Read.OwnerChange).OfType<int>().Where(id => id > 0).ToHashSet();
        var owners = new Dictionary<int, Owner>();
        IReadOnlyList<Owner>? known = null;
        foreach (var id in changed)
        {
            if (await siteUsers.FindAsync(id, ct) is not { } user || (user.Email ?? user.Login) is not { } address) continue;
            known ??= KnownOwners(all ?? await cache.ListAsync(List, null, ct));
            var match = known.FirstOrDefault(o => user.Has(o.Email!));
            owners[id] = new Owner(match?.ObjectId, user.DisplayName.Length > 0 ? user.DisplayName : match?.DisplayName ?? address, address);
        }
        return rows.Select(r => new Versioned<Activity>(r.Read.OwnerChange switch
        {
            0 => ActivityFields.WithOwner(r.Read.Activity, null),
            { } id when owners.TryGetValue(id, out var owner) => ActivityFields.WithOwner(r.Read.Activity, owner),
            _ => r.Read.Activity,
        }, r.ETag)).ToArray();
    }

    private IReadOnlyList<Owner> KnownOwners(IEnumerable<SyncedItem> items)
    {
        var owners = new List<Owner>();
        foreach (var item in items.Where(i => i.Key is not null))
        {
            using var document = JsonDocument.Parse(item.FieldsJson);
            if (mapping.FromFields(document.RootElement).Owner is { ObjectId: not null, Email: not null } owner) owners.Add(owner);
        }
        return owners;
    }

    /// <summary>The owner's id in the site's user list, for the Owner person column; none for someone not on the site.</summary>
    private async Task<int?> SiteUserIdAsync(Owner? owner, CancellationToken ct) =>
        owner?.Email is { } email ? (await siteUsers.FindAsync(email, ct))?.Id : null;

    public async Task<Versioned<Activity>> AddAsync(Activity activity, CancellationToken ct)
    {
        var what = "Activity " + activity.Id;
        var (siteId, listId) = await IdsAsync(ct);
        var items = graph.Client.Sites[siteId].Lists[listId].Items;
        var owner = await SiteUserIdAsync(activity.Owner, ct);
        // One filtered read on the indexed id column tells whether the id is taken, whatever the cache holds.
        var (found, _) = await graph.ReadAllAsync(items.ToGetRequestInformation(c =>
        {
            c.QueryParameters.Filter = $"fields/{ActivityColumns.ActivityId} eq '{activity.Id}'";
            c.QueryParameters.Select = ["id"];
        }), ct);
        if (found.Count > 0) throw new DuplicateException(what);
        var fields = mapping.ToFields(activity, owner);
        var created = await graph.SendAsync(GraphCalls.WithJson(items.ToPostRequestInformation(new()), new JsonObject { ["fields"] = fields }), ct)
            ?? throw new InvalidDataException("Graph answered the new list item without a body.");
        await sync.RememberAsync(List, created, ct);
        return new Versioned<Activity>(mapping.FromFields(created.GetProperty("fields")), ETagOf(created));
    }

    /// <summary>
    /// An import: one delta request to see which ids exist, then the new items through $batch, 20 a batch, throttled
    /// steps retried. All or none: a step that fails for good takes back the items already created.
    /// </summary>
    public async Task AddRangeAsync(IReadOnlyCollection<Activity> activities, CancellationToken ct)
    {
        if (activities.Count == 0) return;
        using var bulk = GraphLane.Bulk();
        await sync.SyncAsync(List, ct);
        foreach (var activity in activities)
            if (await cache.FindByKeyAsync(List, activity.Id.ToString(), ct) is not null) throw new DuplicateException("Activity " + activity.Id);
        if (activities.Select(a => a.Id).Distinct().Count() != activities.Count) throw new DuplicateException("One of the activities");

        var (siteId, listId) = await IdsAsync(ct);
        var items = graph.Client.Sites[siteId].Lists[listId].Items;
        var steps = new List<(string Id, JsonObject Body)>(activities.Count);
        foreach (var a in activities)
            steps.Add(((steps.Count + 1).ToString(), new JsonObject { ["fields"] = mapping.ToFields(a, await SiteUserIdAsync(a.Owner, ct)) }));
        var results = await graph.BatchAsync(steps.Select(s => (s.Id, (Func<RequestInformation>)(() =>
            GraphCalls.WithJson(items.ToPostRequestInformation(new()), s.Body)))).ToArray(), ct);

        var created = results.Values.Where(r => r.Succeeded && r.Body is not null).Select(r => r.Body!.Value).ToArray();
        foreach (var item in created) await sync.RememberAsync(List, item, ct);
        var failed = results.Values.FirstOrDefault(r => !r.Succeeded);
        if (failed is null) return;

        var undo = await graph.BatchAsync(created.Select(c => c.GetProperty("id").GetString()!)
            .Select(id => (id, (Func<RequestInformation>)(() => items[id].ToDeleteRequestInformation()))).ToArray(), ct);
        foreach (var (id, r) in undo)
            if (r.Succeeded || r.Status == 404) await sync.ForgetAsync(List, id, ct);
        if (failed.Status is 429 or 503) throw new SharePointBusyException(graph.Throttle.Remaining);
        throw new InvalidOperationException($"The import stopped: SharePoint refused an item ({failed.Status} {failed.ErrorCode}); the items already added were removed.");
    }

    public async Task<Versioned<Activity>> UpdateAsync(Activity activity, string ifMatch, CancellationToken ct)
    {
        var what = "Activity " + activity.Id;
        var item = await FindAsync(activity.PlanId, activity.Id, ct) ?? throw new NotFoundException(what);
        var (siteId, listId) = await IdsAsync(ct);
        var request = graph.Client.Sites[siteId].Lists[listId].Items[item.ItemId].Fields.ToPatchRequestInformation(new(), c => c.Headers.Add("If-Match", ifMatch));
        JsonElement fields;
        try
        {
            fields = await graph.SendAsync(GraphCalls.WithJson(request, mapping.ToFields(activity, await SiteUserIdAsync(activity.Owner, ct))), ct)
                ?? throw new InvalidDataException("Graph answered the update without a body.");
        }
        catch (Exception e) when (GraphCalls.StatusOf(e) is 412 or 404)
        {
            throw await ConflictOrGoneAsync(e, what, item, ct);
        }
        var etag = ETagOfFields(fields) ?? item.ETag;
        var updated = new SyncedItem(item.ItemId, activity.Id.ToString(), activity.PlanId.ToString(), etag, fields.GetRawText());
        await cache.ApplyAsync(List, [updated], [], null, ct);
        return ToVersioned(updated);
    }

    public async Task DeleteAsync(Guid planId, Guid activityId, string ifMatch, CancellationToken ct)
    {
        var what = "Activity " + activityId;
        var item = await FindAsync(planId, activityId, ct) ?? throw new NotFoundException(what);
        var (siteId, listId) = await IdsAsync(ct);
        try
        {
            await graph.SendAsync(graph.Client.Sites[siteId].Lists[listId].Items[item.ItemId].ToDeleteRequestInformation(c => c.Headers.Add("If-Match", ifMatch)), ct);
        }
        catch (Exception e) when (GraphCalls.StatusOf(e) is 412 or 404)
        {
            throw await ConflictOrGoneAsync(e, what, item, ct);
        }
        await sync.ForgetAsync(List, item.ItemId, ct);
    }

    private async Task<SyncedItem?> FindAsync(Guid planId, Guid activityId, CancellationToken ct)
    {
        await sync.SyncAsync(List, ct);
        var item = await cache.FindByKeyAsync(List, activityId.ToString(), ct);
        if (item is not null) return item.Partition == planId.ToString() ? item : null;
        return (await HandRowsAsync(planId, ct)).Select(h => h.Item).FirstOrDefault(i => ActivityFields.HandRowId(i.ItemId) == activityId);
    }

    /// <summary>
    /// 412: someone changed the item, and the 412 names the version now in the list; 404 (or an item no longer
    /// listed): someone deleted it. Either way the cache learns it at the next sync.
    /// </summary>
    private async Task<Exception> ConflictOrGoneAsync(Exception e, string what, SyncedItem item, CancellationToken ct)
    {
        if (GraphCalls.StatusOf(e) == 404)
        {
            await sync.ForgetAsync(List, item.ItemId, ct);
            return new NotFoundException(what);
        }
        await sync.RefreshAsync(List, ct);
        var current = item.Key is not null
            ? await cache.FindByKeyAsync(List, item.Key, ct)
            : (await cache.ListAsync(List, null, ct)).FirstOrDefault(i => i.ItemId == item.ItemId);
        // Not in the list after a fresh sync: someone deleted it between our read and our write.
        return current is null ? new NotFoundException(what) : new ConcurrencyConflictException(what, current.ETag);
    }

    private async Task<(string Site, string List)> IdsAsync(CancellationToken ct) =>
        (await site.IdAsync(ct), await site.ListIdAsync(List, ct));

    private Versioned<Activity> ToVersioned(SyncedItem item) => new(Read(item).Activity, item.ETag);

    private ReadActivity Read(SyncedItem item)
    {
        using var document = JsonDocument.Parse(item.FieldsJson);
        return mapping.Read(document.RootElement);
    }

    private static string ETagOf(JsonElement item) =>
        item.TryGetProperty("eTag", out var e) && e.GetString() is { } etag ? etag : ETagOfFields(item.GetProperty("fields")) ?? "";

    private static string? ETagOfFields(JsonElement fields) =>
        fields.TryGetProperty("@odata.etag", out var e) ? e.GetString() : null;
}
