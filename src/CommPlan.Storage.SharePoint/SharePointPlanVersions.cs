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
/// A plan's version is its item's eTag, and a change is a PATCH with If-Match on it, so SharePoint itself refuses
/// a write over someone else's. A new plan is one item created with its roles, never seen without a communicator.
/// </summary>
public sealed partial class SharePointPlanStore
{
    public async Task<Versioned<Plan>?> GetVersionedAsync(Guid planId, CancellationToken ct)
    {
        var item = await FindAsync(planId, ct);
        return item is null ? null : new Versioned<Plan>(Known(ToPlan(item)), item.ETag);
    }

    public async Task<Versioned<Plan>> CreateAsync(Plan plan, PlanRoles roles, CancellationToken ct)
    {
        if (await FindAsync(plan.Id, ct) is not null) throw new DuplicateException("Plan " + plan.Id);
        var items = graph.Client.Sites[await site.IdAsync(ct)].Lists[await site.ListIdAsync(options.PlansList, ct)].Items;
        var fields = VocabularyFields(plan);
        fields[P.PlanId] = plan.Id.ToString();
        fields[P.Year] = plan.Year;
        fields[P.Roles] = JsonSerializer.Serialize(roles.Assignments, RolesJson);
        var created = await graph.SendAsync(GraphCalls.WithJson(items.ToPostRequestInformation(new()), new JsonObject { ["fields"] = fields }), ct);
        if (created is { } c) await sync.RememberAsync(List, c, ct);
        Known(plan);
        return new Versioned<Plan>(plan, created is { } answer ? ETagOf(answer) : "");
    }

    public async Task<Versioned<Plan>> UpdateAsync(Plan plan, string ifMatch, CancellationToken ct)
    {
        var what = "Plan " + plan.Id;
        var item = await FindAsync(plan.Id, ct) ?? throw new NotFoundException(what);
        var items = graph.Client.Sites[await site.IdAsync(ct)].Lists[await site.ListIdAsync(options.PlansList, ct)].Items;
        var request = items[item.ItemId].Fields.ToPatchRequestInformation(new(), c => c.Headers.Add("If-Match", ifMatch));
        JsonElement fields;
        try
        {
            fields = await graph.SendAsync(GraphCalls.WithJson(request, VocabularyFields(plan)), ct)
                ?? throw new InvalidDataException("Graph answered the update without a body.");
        }
        catch (Exception e) when (GraphCalls.StatusOf(e) is 412 or 404)
        {
            if (GraphCalls.StatusOf(e) == 404) throw new NotFoundException(what);
            await sync.RefreshAsync(List, ct);
            throw new ConcurrencyConflictException(what, (await GetVersionedAsync(plan.Id, ct))?.ETag ?? throw new NotFoundException(what));
        }
        Known(plan);
        var etag = ETagOfFields(fields) ?? item.ETag;
        await sync.RememberFieldsAsync(List, item.ItemId, fields, etag, ct);
        return new Versioned<Plan>(plan, etag);
    }

    private static JsonObject VocabularyFields(Plan plan) => new()
    {
        [P.Title] = plan.Title,
        [P.Organisation] = plan.Organisation,
        [P.Department] = plan.Department,
        [P.Goals] = JsonSerializer.Serialize(plan.Goals, Json),
        [P.TargetGroups] = JsonSerializer.Serialize(plan.TargetGroups, Json),
        [P.Channels] = JsonSerializer.Serialize(plan.Channels, Json),
        [P.Units] = JsonSerializer.Serialize(plan.Units, Json),
    };
}
