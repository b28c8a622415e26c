using CommPlan.Application.Access;
using CommPlan.Application.Storage;
using CommPlan.Domain.Common;
using CommPlan.Domain.Plans;
using CommPlan.Domain.PressReleases;

namespace CommPlan.Application.PressReleases;

/// <summary>
/// The year's media statistics of a plan (seed 000 §2.4), read from the plan's press releases on whichever store
/// holds them: everyone in the organisation reads them, as they read the plan's follow-up.
/// </summary>
public sealed class MediaStatisticsService(IPlanStore plans, IPressReleaseStore releases, AccessGate gate)
{
    /// <param name="year">The year of the sending dates counted; the plan's year when null.</param>
    /// <param name="noUnitName">What the row of releases without a unit is called, in the reader's language.</param>
    public async Task<(Plan Plan, MediaStatistics Statistics)> ForYearAsync(Actor actor, Guid planId, int? year, string noUnitName, CancellationToken ct)
    {
        gate.DemandTenant(actor);
        if (year is < MediaStatistics.MinYear or > MediaStatistics.MaxYear)
            throw new DomainValidationException([new FieldError("year", ErrorCodes.OutOfRange, $"{MediaStatistics.MinYear}–{MediaStatistics.MaxYear}")]);
        var plan = await plans.GetAsync(planId, ct) ?? throw new NotFoundException("Plan " + planId);
        var all = await releases.ListAsync(planId, ct);
        return (plan, MediaStatistics.Of(year ?? plan.Year, plan, all.Select(r => r.Value), noUnitName));
    }
}
