using System.Text.Json.Nodes;
using CommPlan.Application.Notifications;
using CommPlan.Storage.SharePoint.Graph;

namespace CommPlan.Storage.SharePoint;

/// <summary>
/// Installs the app for a user through Microsoft Graph (<c>POST /users/{id}/teamwork/installedApps</c> binding the
/// organisation catalog's app), which needs TeamsAppInstallation.ReadWriteForUser.All or …SelfForUser.All. A 409
/// means it is installed already, which is as good.
/// </summary>
public sealed class GraphAppInstaller(GraphCalls graph, SharePointOptions options) : IAppInstaller
{
    public async Task<AppInstallResult> InstallForUserAsync(Guid userObjectId, string catalogAppId, CancellationToken ct)
    {
        var request = graph.Client.Users[userObjectId.ToString()].Teamwork.InstalledApps.ToPostRequestInformation(new());
        var body = new JsonObject { ["teamsApp@odata.bind"] = $"{options.GraphBaseUrl.TrimEnd('/')}/appCatalogs/teamsApps/{Uri.EscapeDataString(catalogAppId)}" };
        try
        {
            await graph.SendAsync(GraphCalls.WithJson(request, body), ct);
            return new AppInstallResult(AppInstallOutcome.Installed, null);
        }
        catch (Exception e) when (GraphCalls.StatusOf(e) == 409)
        {
            return new AppInstallResult(AppInstallOutcome.Installed, null);
        }
        catch (Exception e) when (GraphCalls.StatusOf(e) == 404)
        {
            return new AppInstallResult(AppInstallOutcome.UserNotFound, $"Graph knows no user {userObjectId} (or no catalog app {catalogAppId}).");
        }
        catch (Exception e) when (GraphCalls.StatusOf(e) is 403 or 400)
        {
            return new AppInstallResult(AppInstallOutcome.Refused,
                $"Graph refused to install the app ({GraphCalls.StatusOf(e)} {GraphCalls.CodeOf(e)}): grant TeamsAppInstallation.ReadWriteForUser.All and check Reminders:TeamsAppCatalogId.");
        }
    }
}
