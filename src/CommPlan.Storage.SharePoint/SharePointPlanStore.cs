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
/// when a name changes.
/// </summary>
public sealed class SharePointPlanStore(GraphCalls graph, SharePointSite site, SharePointOptions options) : IPlanStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly JsonSerializerOptions RolesJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public async Task<IReadOnlyList<Plan>> ListAsync(CancellationToken ct)
    {
        var items = graph.Client.Sites[await site.IdAsync(ct)].Lists[await site.ListIdAsync(options.PlansList, ct)].Items;
        var (found, _) = await graph.ReadAllAsync(items.ToGetRequestInformation(c => c.QueryParameters.Expand = ["fields"]), ct);
        return found.Select(i => Known(ToPlan(i.GetProperty("fields")))).OrderBy(p => p.Year).ToArray();
    }

    public async Task<Plan?> GetAsync(Guid planId, CancellationToken ct)
    {
        var item = await FindAsync(planId, ct);
        return item is null ? null : Known(ToPlan(item.Value.GetProperty("fields")));
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
        var existing = await FindAsync(plan.Id, ct);
        if (existing is { } item)
            await graph.SendAsync(GraphCalls.WithJson(items[item.GetProperty("id").GetString()].Fields.ToPatchRequestInformation(new()), fields), ct);
        else
            await graph.SendAsync(GraphCalls.WithJson(items.ToPostRequestInformation(new()), new JsonObject { ["fields"] = fields }), ct);
    }

    /// <summary>
    /// The roles are a column of the plan's item, so their version is the item's eTag: a change to the plan itself
    /// also makes a role change read again, which errs on the safe side.
    /// </summary>
    public async Task<Versioned<PlanRoles>?> GetRolesAsync(Guid planId, CancellationToken ct)
    {
        var item = await FindAsync(planId, ct);
        return item is { } i ? new Versioned<PlanRoles>(ReadRoles(i.GetProperty("fields")), ETagOf(i)) : null;
    }

    public async Task<Versioned<PlanRoles>> SaveRolesAsync(Guid planId, PlanRoles roles, string ifMatch, CancellationToken ct)
    {
        var what = "Roles of plan " + planId;
        var item = await FindAsync(planId, ct) ?? throw new NotFoundException(what);
        var items = graph.Client.Sites[await site.IdAsync(ct)].Lists[await site.ListIdAsync(options.PlansList, ct)].Items;
        var request = items[item.GetProperty("id").GetString()].Fields.ToPatchRequestInformation(new(), c => c.Headers.Add("If-Match", ifMatch));
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
            throw new ConcurrencyConflictException(what, (await GetRolesAsync(planId, ct))?.ETag ?? throw new NotFoundException(what));
        }
        var etag = fields.TryGetProperty("@odata.etag", out var written) && written.GetString() is { } tag ? tag : ETagOf(item);
        return new Versioned<PlanRoles>(ReadRoles(fields), etag);
    }

    /// <summary>The plan's item, found by a filter on the indexed plan id column.</summary>
    private async Task<JsonElement?> FindAsync(Guid planId, CancellationToken ct)
    {
        var items = graph.Client.Sites[await site.IdAsync(ct)].Lists[await site.ListIdAsync(options.PlansList, ct)].Items;
        var (found, _) = await graph.ReadAllAsync(items.ToGetRequestInformation(c =>
        {
            c.QueryParameters.Filter = $"fields/{P.PlanId} eq '{planId}'";
            c.QueryParameters.Expand = ["fields"];
        }), ct);
        return found.Count == 0 ? null : found[0];
    }

    private Plan Known(Plan plan)
    {
        site.PlanYears[plan.Id] = plan.Year;
        return plan;
    }

    private static Plan ToPlan(JsonElement f) => Plan.Create(
        Guid.Parse(ActivityFields.Text(f, P.PlanId)!),
        f.TryGetProperty(P.Year, out var y) ? (y.ValueKind == JsonValueKind.Number ? (int)y.GetDouble() : int.Parse(y.GetString()!, CultureInfo.InvariantCulture)) : 0,
        ActivityFields.Text(f, P.Organisation) ?? "",
        ActivityFields.Text(f, P.Department) ?? "",
        ActivityFields.Text(f, P.Title) ?? "",
        Read<Goal>(f, P.Goals), Read<TargetGroup>(f, P.TargetGroups), Read<Channel>(f, P.Channels), Read<Unit>(f, P.Units));

    private static PlanRoles ReadRoles(JsonElement f) =>
        PlanRoles.Create(ActivityFields.Text(f, P.Roles) is { Length: > 0 } json ? JsonSerializer.Deserialize<RoleAssignment[]>(json, RolesJson) ?? [] : []);

    private static string ETagOf(JsonElement item) =>
        item.TryGetProperty("eTag", out var e) && e.GetString() is { } etag ? etag
        : item.GetProperty("fields").TryGetProperty("@odata.etag", out var f) ? f.GetString() ?? "" : "";

    private static T[] Read<T>(JsonElement f, string column) =>
        ActivityFields.Text(f, column) is { Length: > 0 } json ? JsonSerializer.Deserialize<T[]>(json, Json) ?? [] : [];
}
