using System.Data.Common;
using CommPlan.Application.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CommPlan.Host.Features.Delivery;

/// <summary>
/// Degraded while the outbox holds entries it gave up on and nobody has put back in the queue: messages people were
/// meant to get did not arrive. A database that cannot be read is the storage check's to report.
/// </summary>
internal sealed class OutboxHealthCheck(IOutboxStore outbox) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        int failed;
        try
        {
            failed = await outbox.CountFailedAsync(ct);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            return HealthCheckResult.Healthy("The outbox cannot be read right now (see the storage check).");
        }
        return failed == 0
            ? HealthCheckResult.Healthy("Nothing in the outbox was given up on.")
            : HealthCheckResult.Degraded($"{failed} outgoing activities were given up on: GET /api/outbox/failed lists them, POST /api/outbox/failed/requeue sends them again.",
                data: new Dictionary<string, object> { ["failed"] = failed });
    }
}
