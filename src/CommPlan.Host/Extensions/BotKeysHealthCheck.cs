using CommPlan.Host.Bot;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CommPlan.Host.Extensions;

/// <summary>
/// Degraded while the Bot Framework's signing keys cannot be refreshed: the app answers, but activities are checked
/// with older keys (or, with none, answered 503 for the Bot Framework to send again). Reads what the door learnt;
/// a probe never fetches the metadata itself.
/// </summary>
internal sealed class BotKeysHealthCheck(BotRequestAuthenticator auth) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(auth.KeyRefreshFailure switch
        {
            null => HealthCheckResult.Healthy("Bot Framework signing keys are current."),
            { KeysFetchedAt: null } f => HealthCheckResult.Degraded(
                $"No Bot Framework signing keys could be fetched (last try {f.FailedAt:u}): {f.Reason}. Activities are answered 503 until they can."),
            var f => HealthCheckResult.Degraded(
                $"The Bot Framework signing keys cannot be refreshed (last try {f.FailedAt:u}): {f.Reason}. Tokens are checked with the keys fetched {f.KeysFetchedAt:u}."),
        });
}
