using System.Text.Json;
using System.Text.Json.Nodes;
using CommPlan.Application.Access;
using CommPlan.Storage.SharePoint.Graph;

namespace CommPlan.Storage.SharePoint;

/// <summary>
/// Group membership from Entra ID through Microsoft Graph's <c>checkMemberGroups</c>, which counts transitive
/// membership and takes at most 20 group ids a call: the app asks only about the groups a plan names. Other
/// failures are thrown: a person is never given a role on a guess. A 403 (the app lacks GroupMember.Read.All) is a
/// dependency unavailable with the permission to grant as its reason, remembered for a minute so that each request
/// does not ask again.
/// </summary>
public sealed class GraphGroupMembership(GraphCalls graph, GraphOutage outage) : IGroupMembership
{
    public const int MaxGroupsPerCall = 20;

    public async Task<IReadOnlySet<Guid>> MemberOfAsync(Guid userObjectId, IReadOnlyCollection<Guid> groupIds, CancellationToken ct)
    {
        if (outage.RememberedDirectoryRefusal() is { } refused) throw refused;
        var member = new HashSet<Guid>();
        foreach (var chunk in groupIds.Distinct().Chunk(MaxGroupsPerCall))
        {
            var request = graph.Client.Users[userObjectId.ToString()].CheckMemberGroups.ToPostRequestInformation(new());
            var body = new JsonObject { ["groupIds"] = new JsonArray(chunk.Select(id => (JsonNode)JsonValue.Create(id.ToString())).ToArray()) };
            JsonElement? answer;
            try
            {
                answer = await graph.SendAsync(GraphCalls.WithJson(request, body), ct);
            }
            catch (Exception e) when (GraphCalls.StatusOf(e) == 404)
            {
                // Not a user of the directory (a guest removed since, a made-up dev user): in no group.
                return new HashSet<Guid>();
            }
            catch (Exception e) when (GraphCalls.StatusOf(e) == 403)
            {
                throw outage.DirectoryRefused(GraphCalls.CodeOf(e) ?? "403", e);
            }
            if (answer is { } a && a.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array)
                foreach (var id in value.EnumerateArray())
                    if (Guid.TryParse(id.GetString(), out var group)) member.Add(group);
        }
        outage.DirectoryAnswered();
        return member;
    }
}
