using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CommPlan.Application;
using CommPlan.Application.Storage;
using CommPlan.Domain.Access;
using CommPlan.Domain.Plans;
using CommPlan.Storage.SharePoint.Graph;
using P = CommPlan.Storage.SharePoint.PlanColumns;

namespace CommPlan.Storage.SharePoint;

/// <summary>
/// Each year's plan as one item of the plans list, its four vocabularies (goals, target groups, channels, units)
/// as JSON columns of that item. They are always read and changed whole, together with the plan: one item gives
/// one request per read and one version for the whole vocabulary, where four lists per plan would cost four
/// requests and could be seen half changed. The activity list stores the vocabularies' keys, which stay stable
/// when a name changes. Reads come from the app database's copy of the plans list, which the same delta request
/// as the activities' brings up to date (<see cref="ListSync"/>); writes put their answer in the copy.
/// </summary>
public sealed partial class SharePointPlanStore(GraphCalls graph, SharePointSite site, ListSync sync, ISyncStateStore cache, SharePointOptions options)
    : IPlanStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly JsonSerializerOptions RolesJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private string List => options.PlansList;

    public async Task<IReadOnlyList<Plan>> ListAsync(CancellationToken ct)
    {
        await sync.SyncAsync(List, ct);
        // An item without a plan id was added by hand, not by the app: it is no plan.
        var found = (await cache.ListAsync(List, null, ct)).Where(i => i.Key is not null);
        return found.Select(i => Known(ToPlan(i))).OrderBy(p => p.Year).ToArray();
    }

    public async Task<Plan?> GetAsync(Guid planId, CancellationToken ct)
    {
        var item = await FindAsync(planId, ct);
        return item is null ? null : Known(ToPlan(item));
    }

    public async Task SaveAsync(Plan plan, CancellationToken ct)
    {
        Known(plan);
        var items = graph.Client.Sites[await site.IdAsync(ct)].Lists[await site.ListIdAsync(options.PlansList, ct)].Items;
        var fields = new JsonObject
        {
            [P.Title] = plan.Title,
            [P.PlanId] = plan.Id.ToString(),
            [P.Year] = plan.Year,
            [P.Organisation] = plan.Organisation,
            [P.Department] = plan.Department,
            [P.Goals] = JsonSerializer.Serialize(plan.Goals, Json),
            [P.TargetGroups] = JsonSerializer.Serialize(plan.TargetGroups, Json),
            [P.Channels] = JsonSerializer.Serialize(plan.Channels, Json),
            [P.Units] = JsonSerializer.Serialize(plan.Units, Json),
        };
        if (await FindAsync(plan.Id, ct) is { } item)
        {
            var written = await graph.SendAsync(GraphCalls.WithJson(items[item.ItemId].Fields.ToPatchRequestInformation(new()), fields), ct);
            if (written is { } w) await sync.RememberFieldsAsync(List, item.ItemId, w, ETagOfFields(w) ?? item.ETag, ct);
        }
        else if (await graph.SendAsync(GraphCalls.WithJson(items.ToPostRequestInformation(new()), new JsonObject { ["fields"] = fields }), ct) is { } created)
            await sync.RememberAsync(List, created, ct);
    }

    /// <summary>
    /// The roles are a column of the plan's item, so their version is the item's eTag: a change to the plan itself
    /// also makes a role change read again, which errs on the safe side.
    /// </summary>
    public async Task<Versioned<PlanRoles>?> GetRolesAsync(Guid planId, CancellationToken ct)
    {
        var item = await FindAsync(planId, ct);
        return item is null ? null : new Versioned<PlanRoles>(ReadRoles(item), item.ETag);
    }

    public async Task<Versioned<PlanRoles>> SaveRolesAsync(Guid planId, PlanRoles roles, string ifMatch, CancellationToken ct)
    {
        var what = "Roles of plan " + planId;
        var item = await FindAsync(planId, ct) ?? throw new NotFoundException(what);
        var items = graph.Client.Sites[await site.IdAsync(ct)].Lists[await site.ListIdAsync(options.PlansList, ct)].Items;
        var request = items[item.ItemId].Fields.ToPatchRequestInformation(new(), c => c.Headers.Add("If-Match", ifMatch));
        var body = new JsonObject { [P.Roles] = JsonSerializer.Serialize(roles.Assignments, RolesJson) };
        JsonElement fields;
        try
        {
            fields = await graph.SendAsync(GraphCalls.WithJson(request, body), ct) ?? throw new InvalidDataException("Graph answered the update without a body.");
        }
        catch (Exception e) when (GraphCalls.StatusOf(e) is 412 or 404)
        {
            if (GraphCalls.StatusOf(e) == 404) throw new NotFoundException(what);
            // Name the version that won, so the caller can read it and decide again; a plan gone since is not found.
            await sync.RefreshAsync(List, ct);
            throw new ConcurrencyConflictException(what, (await GetRolesAsync(planId, ct))?.ETag ?? throw new NotFoundException(what));
        }
        var etag = ETagOfFields(fields) ?? item.ETag;
        await sync.RememberFieldsAsync(List, item.ItemId, fields, etag, ct);
        return new Versioned<PlanRoles>(ReadRoles(fields), etag);
    }

    /// <summary>The plan's item in the copy, after the sync that brings it up to date (<see cref="ListSync"/>).</summary>
    private async Task<SyncedItem?> FindAsync(Guid planId, CancellationToken ct)
    {
        await sync.SyncAsync(List, ct);
        return await cache.FindByKeyAsync(List, planId.ToString(), ct);
    }

    private Plan Known(Plan plan)
    {
        site.PlanYears[plan.Id] = plan.Year;
        return plan;
    }

    private static Plan ToPlan(SyncedItem item)
    {
        using var document = JsonDocument.Parse(item.FieldsJson);
        return ToPlan(document.RootElement);
    }

    private static Plan ToPlan(JsonElement f) => Plan.Create(
        Guid.Parse(ActivityFields.Text(f, P.PlanId)!),
        f.TryGetProperty(P.Year, out var y) ? (y.ValueKind == JsonValueKind.Number ? (int)y.GetDouble() : int.Parse(y.GetString()!, CultureInfo.InvariantCulture)) : 0,
        ActivityFields.Text(f, P.Organisation) ?? "",
        ActivityFields.Text(f, P.Department) ?? "",
        ActivityFields.Text(f, P.Title) ?? "",
        Read<Goal>(f, P.Goals), Read<TargetGroup>(f, P.TargetGroups), Read<Channel>(f, P.Channels), Read<Unit>(f, P.Units));

    private static PlanRoles ReadRoles(SyncedItem item)
    {
        using var document = JsonDocument.Parse(item.FieldsJson);
        return ReadRoles(document.RootElement);
    }

    private static PlanRoles ReadRoles(JsonElement f) =>
        PlanRoles.Create(ActivityFields.Text(f, P.Roles) is { Length: > 0 } json ? JsonSerializer.Deserialize<RoleAssignment[]>(json, RolesJson) ?? [] : []);

    private static string ETagOf(JsonElement item) =>
        item.TryGetProperty("eTag", out var e) && e.GetString() is { } etag ? etag : ETagOfFields(item.GetProperty("fields")) ?? "";

    private static string? ETagOfFields(JsonElement fields) =>
        fields.TryGetProperty("@odata.etag", out var f) ? f.GetString() : null;

    private static T[] Read<T>(JsonElement f, string column) =>
        ActivityFields.Text(f, column) is { Length: > 0 } json ? JsonSerializer.Deserialize<T[]>(json, Json) ?? [] : [];
}
