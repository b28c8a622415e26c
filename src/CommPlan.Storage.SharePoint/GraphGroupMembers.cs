using System.Text.Json;
using CommPlan.Application.Access;
using CommPlan.Storage.SharePoint.Graph;

namespace CommPlan.Storage.SharePoint;

/// <summary>
/// A group's users from Entra ID through Microsoft Graph's <c>transitiveMembers</c> cast to users, which flattens
/// nested groups and leaves out devices, contacts and service principals; read page by page (at most 999 a page).
/// A group the directory does not know has no users. A 403 (the app lacks GroupMember.Read.All) is a dependency
/// unavailable, as for <see cref="GraphGroupMembership"/>.
/// </summary>
public sealed class GraphGroupMembers(GraphCalls graph, GraphOutage outage) : IGroupMembers
{
    public const int MaxPageSize = 999;

    public async Task<IReadOnlyList<Guid>> UsersOfAsync(Guid groupId, CancellationToken ct)
    {
        if (outage.RememberedDirectoryRefusal() is { } refused) throw refused;
        var request = graph.Client.Groups[groupId.ToString()].TransitiveMembers.GraphUser.ToGetRequestInformation(q =>
        {
            q.QueryParameters.Select = ["id"];
            q.QueryParameters.Top = MaxPageSize;
        });
        List<JsonElement> items;
        try
        {
            (items, _) = await graph.ReadAllAsync(request, ct);
        }
        catch (Exception e) when (GraphCalls.StatusOf(e) == 404)
        {
            return [];
        }
        catch (Exception e) when (GraphCalls.StatusOf(e) == 403)
        {
            throw outage.DirectoryRefused(GraphCalls.CodeOf(e) ?? "403", e);
        }
        outage.DirectoryAnswered();
        return items.Select(i => i.TryGetProperty("id", out var id) && Guid.TryParse(id.GetString(), out var user) ? user : Guid.Empty)
            .Where(u => u != Guid.Empty).Distinct().ToList();
    }
}
