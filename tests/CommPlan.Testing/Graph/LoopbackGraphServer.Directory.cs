using System.Text.Json.Nodes;

namespace CommPlan.Testing.Graph;

// The directory part the app asks about: users, groups and POST /users/{id}/checkMemberGroups, which answers the
// groups among those given (at most 20) that the user is a member of, directly or through other groups.
public sealed partial class LoopbackGraphServer
{
    public const int MaxCheckedGroups = 20;

    private readonly HashSet<Guid> _users = [];
    private readonly Dictionary<Guid, HashSet<Guid>> _groupMembers = [];

    /// <summary>A user the directory knows, in no group yet.</summary>
    public void AddDirectoryUser(Guid userId)
    {
        lock (_gate) _users.Add(userId);
    }

    /// <summary>Makes a user (or another group) a member of a group; membership through nested groups counts.</summary>
    public void AddGroupMember(Guid groupId, Guid memberId, bool memberIsGroup = false)
    {
        lock (_gate)
        {
            if (!_groupMembers.TryGetValue(groupId, out var members)) _groupMembers[groupId] = members = [];
            members.Add(memberId);
            if (memberIsGroup && !_groupMembers.ContainsKey(memberId)) _groupMembers[memberId] = [];
            else if (!memberIsGroup) _users.Add(memberId);
        }
    }

    private GraphReply CheckMemberGroups(string user, GraphCall call)
    {
        if (!Guid.TryParse(user, out var userId) || !_users.Contains(userId))
            throw new GraphException(404, "Request_ResourceNotFound",
                $"Resource '{user}' does not exist or one of its queried reference-property objects are not present.");
        if (call.JsonBody()["groupIds"] is not JsonArray ids)
            throw new GraphException(400, "Request_BadRequest", "A value is required for parameter 'groupIds' in action 'checkMemberGroups'.");
        if (ids.Count > MaxCheckedGroups)
            throw new GraphException(400, "Request_BadRequest", $"The number of groupIds in the request exceeds the limit of {MaxCheckedGroups}.");
        var asked = new List<Guid>();
        foreach (var id in ids)
        {
            if (id?.GetValueKind() != System.Text.Json.JsonValueKind.String || !Guid.TryParse(id.GetValue<string>(), out var group))
                throw new GraphException(400, "Request_BadRequest", $"Invalid GUID:{id?.ToJsonString()}");
            asked.Add(group);
        }
        var value = new JsonArray(asked.Distinct().Where(g => IsMember(g, userId, [])).Select(g => (JsonNode)JsonValue.Create(g.ToString())).ToArray());
        return new GraphReply(200, new JsonObject
        {
            ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#Collection(Edm.String)",
            ["value"] = value,
        });
    }

    private bool IsMember(Guid group, Guid member, HashSet<Guid> seen)
    {
        if (!seen.Add(group) || !_groupMembers.TryGetValue(group, out var members)) return false;
        return members.Contains(member) || members.Any(m => _groupMembers.ContainsKey(m) && IsMember(m, member, seen));
    }
}
