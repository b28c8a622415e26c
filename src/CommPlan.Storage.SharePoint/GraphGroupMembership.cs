using System.Text.Json;
using System.Text.Json.Nodes;
using CommPlan.Application.Access;
using CommPlan.Storage.SharePoint.Graph;

namespace CommPlan.Storage.SharePoint;

/// <summary>
/// Group membership from Entra ID through Microsoft Graph's <c>checkMemberGroups</c>, which counts transitive
/// membership and takes at most 20 group ids a call: the app asks only about the groups a plan names.
/// </summary>
public sealed class GraphGroupMembership(GraphCalls graph) : IGroupMembership
{
    public const int MaxGroupsPerCall = 20;

    public async Task<IReadOnlySet<Guid>> MemberOfAsync(Guid userObjectId, IReadOnlyCollection<Guid> groupIds, CancellationToken ct)
    {
        var member = new HashSet<Guid>();
        foreach (var chunk in groupIds.Distinct().Chunk(MaxGroupsPerCall))
        {
            var request = graph.Client.Users[userObjectId.ToString()].CheckMemberGroups.ToPostRequestInformation(new());
            var body = new JsonObject { ["groupIds"] = new JsonArray(chunk.Select(id => (JsonNode)JsonValue.Create(id.ToString())).ToArray()) };
            var answer = await graph.SendAsync(GraphCalls.WithJson(request, body), ct);
            if (answer is { } a && a.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array)
                foreach (var id in value.EnumerateArray())
                    if (Guid.TryParse(id.GetString(), out var group)) member.Add(group);
        }
        return member;
    }
}
