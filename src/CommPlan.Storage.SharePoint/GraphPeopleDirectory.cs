using System.Text.Json;
using CommPlan.Application.Notifications;
using CommPlan.Storage.SharePoint.Graph;

namespace CommPlan.Storage.SharePoint;

/// <summary>
/// People by address through Microsoft Graph: <c>users/{address}</c> finds a sign-in name (user principal name), and
/// where the e-mail address differs from it, <c>users?$filter=mail eq '…'</c> finds the mailbox. Needs User.Read.All;
/// without it (403) the person is reported as not looked up, with the permission to grant as the reason.
/// </summary>
public sealed class GraphPeopleDirectory(GraphCalls graph) : IPeopleDirectory
{
    private static readonly string[] Fields = ["id", "accountEnabled", "mail", "userPrincipalName"];

    public async Task<DirectoryPerson> FindByAddressAsync(string address, CancellationToken ct)
    {
        try
        {
            JsonElement? user = null;
            try
            {
                user = await graph.SendAsync(graph.Client.Users[address].ToGetRequestInformation(c => c.QueryParameters.Select = Fields), ct);
            }
            catch (Exception e) when (GraphCalls.StatusOf(e) == 404)
            {
                // Not a sign-in name; the mailbox may still have this address.
                var escaped = address.Replace("'", "''", StringComparison.Ordinal);
                var list = await graph.SendAsync(graph.Client.Users.ToGetRequestInformation(c =>
                {
                    c.QueryParameters.Filter = $"mail eq '{escaped}'";
                    c.QueryParameters.Select = Fields;
                }), ct);
                if (list is { } l && l.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0)
                    user = value[0];
            }
            if (user is not { } found || !found.TryGetProperty("id", out var id) || !Guid.TryParse(id.GetString(), out var objectId))
                return new DirectoryPerson(DirectoryAnswer.NotFound, null, $"No Entra account has the address {address} (Graph: user not found).");
            if (found.TryGetProperty("accountEnabled", out var enabled) && enabled.ValueKind == JsonValueKind.False)
                return new DirectoryPerson(DirectoryAnswer.Disabled, objectId, $"The Entra account of {address} is disabled.");
            return DirectoryPerson.Found(objectId);
        }
        catch (Exception e) when (GraphCalls.StatusOf(e) == 403)
        {
            return new DirectoryPerson(DirectoryAnswer.NotAsked, null,
                $"The app may not read users in Microsoft Graph ({GraphCalls.CodeOf(e) ?? "403"}): grant User.Read.All to look up {address}.");
        }
    }
}
