using CommPlan.Application;
using CommPlan.Storage.SharePoint;
using CommPlan.Storage.SharePoint.Graph;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Kiota.Abstractions;

namespace CommPlan.Host.Extensions;

/// <summary>
/// Whether the SharePoint site answers and holds the app's lists and libraries. The site's list ids are kept for the
/// process, so a healthy probe costs no Graph request after the first: probes must not eat the app's SharePoint budget.
/// </summary>
internal sealed class SharePointHealthCheck(SharePointSite site, SharePointOptions options, GraphOutage outage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        // The list ids are cached, so a failure the app's own requests met lately is the news: say it without asking Graph.
        if (outage.Current() is { } down)
            return HealthCheckResult.Unhealthy(down is GraphAuthenticationException { Refusal: { } refusal }
                ? $"SharePoint credential refused: {refusal}"
                : $"SharePoint site {options.SiteId ?? options.SiteUrl} cannot be used: {down.Message}");
        try
        {
            foreach (var list in Layout.All(options)) await site.ListIdAsync(list.DisplayName, ct);
            // The site works; only what needs group membership (a write by someone who is not a communicator) fails.
            if (outage.RememberedDirectoryRefusal() is { } directory)
                return HealthCheckResult.Degraded($"SharePoint site {options.SiteId ?? options.SiteUrl} holds the app's lists and libraries, but group membership cannot be read: {directory.Message}");
            return HealthCheckResult.Healthy($"SharePoint site {options.SiteId ?? options.SiteUrl} holds the app's lists and libraries.");
        }
        catch (SharePointNotProvisionedException e)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
        catch (DependencyBusyException e)
        {
            // Throttled is reachable: the app answers, only SharePoint work waits.
            return HealthCheckResult.Degraded($"SharePoint site {options.SiteId ?? options.SiteUrl} is throttling the app: {e.Message}");
        }
        catch (DependencyUnavailableException e)
        {
            return HealthCheckResult.Unhealthy($"SharePoint site {options.SiteId ?? options.SiteUrl} cannot be used: {e.Message}");
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy($"SharePoint site {options.SiteId ?? options.SiteUrl} cannot be reached through {options.GraphBaseUrl}.", e);
        }
    }
}
