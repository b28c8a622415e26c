using CommPlan.Application.Access;
using CommPlan.Application.Storage;
using CommPlan.Domain.Access;
using CommPlan.Domain.Activities;
using CommPlan.Domain.Common;
using CommPlan.Domain.Plans;

namespace CommPlan.Application.Plans;

/// <summary>
/// Plans: read by everyone in the tenant ("the current plan" is this year's, or else the latest one); started,
/// revised, carried into next year and filled from a file by communicators.
/// </summary>
public sealed class PlanService(IPlanStore plans, IActivityStore activities, AccessGate gate, OrganisationClock clock)
{
    public Task<IReadOnlyList<Plan>> ListAsync(Actor actor, CancellationToken ct)
    {
        gate.DemandTenant(actor);
        return plans.ListAsync(ct);
    }

    public async Task<Plan> GetAsync(Actor actor, Guid planId, CancellationToken ct)
    {
        gate.DemandTenant(actor);
        return await plans.GetAsync(planId, ct) ?? throw new NotFoundException("Plan " + planId);
    }

    public async Task<Versioned<Plan>> GetVersionedAsync(Actor actor, Guid planId, CancellationToken ct)
    {
        gate.DemandTenant(actor);
        return await plans.GetVersionedAsync(planId, ct) ?? throw new NotFoundException("Plan " + planId);
    }

    public async Task<Plan?> FindCurrentAsync(Actor actor, CancellationToken ct)
    {
        gate.DemandTenant(actor);
        var all = await plans.ListAsync(ct);
        var year = clock.Today.Year;
        return all.FirstOrDefault(p => p.Year == year) ?? all.OrderByDescending(p => p.Year).FirstOrDefault();
    }

    /// <summary>
    /// Starts a year's plan. Bootstrap communicators may, and so may the communicators of any plan there is (the
    /// department's communicator starting a new department's plan); the creator becomes its communicator. One
    /// plan per year and department.
    /// </summary>
    /// <exception cref="DuplicateException">The department has a plan for that year.</exception>
    public async Task<Versioned<Plan>> CreateAsync(Actor actor, int year, PlanVocabulary vocabulary, CancellationToken ct)
    {
        var existing = await DemandMayStartPlansAsync(actor, ct);
        var plan = Plan.Create(Guid.NewGuid(), year, vocabulary.Organisation, vocabulary.Department, vocabulary.Title,
            vocabulary.Goals ?? [], vocabulary.TargetGroups ?? [], vocabulary.Channels ?? [], vocabulary.Units ?? []);
        RefuseSecond(existing, plan);
        var roles = PlanRoles.Create([new RoleAssignment(actor.ObjectId, PrincipalKind.User, PlanRole.Communicator, actor.DisplayName)]);
        return await plans.CreateAsync(plan, roles, ct);
    }

    /// <summary>
    /// Rewrites the plan's vocabulary, quoting the version read. Keys stay, so a renamed entry keeps its activities;
    /// an entry activities still use cannot be removed (<see cref="PlanRevision.Revise"/>).
    /// </summary>
    public async Task<Versioned<Plan>> ReviseAsync(Actor actor, Guid planId, PlanVocabulary vocabulary, string? ifMatch, CancellationToken ct)
    {
        var what = "Plan " + planId;
        (await gate.ForPlanAsync(actor, planId, ct)).Demand(Operation.ManagePlanSettings);
        if (string.IsNullOrEmpty(ifMatch)) throw new PreconditionRequiredException(what);
        var current = await plans.GetVersionedAsync(planId, ct) ?? throw new NotFoundException(what);
        if (ifMatch != "*" && ifMatch != current.ETag) throw new ConcurrencyConflictException(what, current.ETag);
        var rows = await activities.ListAsync(planId, ct);
        var revised = current.Value.Revise(vocabulary, rows.Select(r => r.Value));
        return await plans.UpdateAsync(revised, ifMatch == "*" ? current.ETag : ifMatch, ct);
    }

    /// <summary>
    /// Starts next year's plan (or <paramref name="year"/>'s) from this one: vocabularies, roles and the recurring
    /// activities, plus the one-offs named in <paramref name="oneOffsToTake"/> (<see cref="CarryForward"/>).
    /// </summary>
    public async Task<(Versioned<Plan> Plan, int Activities)> CarryForwardAsync(Actor actor, Guid planId, int? year,
        IReadOnlyCollection<Guid> oneOffsToTake, CancellationToken ct)
    {
        (await gate.ForPlanAsync(actor, planId, ct)).Demand(Operation.ManagePlanSettings);
        var source = await plans.GetAsync(planId, ct) ?? throw new NotFoundException("Plan " + planId);
        var roles = await plans.GetRolesAsync(planId, ct) ?? throw new NotFoundException("Plan " + planId);
        var rows = (await activities.ListAsync(planId, ct)).Select(r => r.Value).ToArray();

        var errors = new ErrorCollector();
        var target = year ?? source.Year + 1;
        if (target == source.Year) errors.Add("year", ErrorCodes.OutOfRange, source.Year);
        var ids = oneOffsToTake.ToArray();
        for (var i = 0; i < ids.Length; i++)
        {
            if (!rows.Any(a => a.Id == ids[i])) errors.Add($"oneOffs[{i}]", ErrorCodes.UnknownReference);
            else if (Array.IndexOf(ids, ids[i]) != i) errors.Add($"oneOffs[{i}]", ErrorCodes.Duplicate);
        }
        errors.ThrowIfAny();

        var carried = CarryForward.Carry(source, rows, new CarryForwardChoices(target, ids.ToHashSet()), Guid.NewGuid(), Guid.NewGuid, clock.Today);
        RefuseSecond(await plans.ListAsync(ct), carried.Plan);
        var created = await plans.CreateAsync(carried.Plan, roles.Value, ct);
        if (carried.Activities.Count > 0) await activities.AddRangeAsync(carried.Activities.ToArray(), ct);
        return (created, carried.Activities.Count);
    }

    /// <summary>
    /// Fills the plan from the rows of a file: all read and checked first, nothing written unless every row is
    /// good, then one write of all new rows (on SharePoint, one $batch run). Rows already in the plan are left alone
    /// (<see cref="PlanImport"/>), so the same file twice adds nothing. A dry run checks and counts only.
    /// </summary>
    public async Task<ImportReport> ImportAsync(Actor actor, Guid planId, IReadOnlyList<ImportRow> rows, bool dryRun, CancellationToken ct)
    {
        (await gate.ForPlanAsync(actor, planId, ct)).Demand(Operation.CreateActivity);
        var plan = await plans.GetAsync(planId, ct) ?? throw new NotFoundException("Plan " + planId);
        var existing = await activities.ListAsync(planId, ct);
        var (added, already) = PlanImport.Read(plan, rows, existing.Select(e => e.Value), clock.Today, Guid.NewGuid);
        if (!dryRun && added.Count > 0) await activities.AddRangeAsync(added.ToArray(), ct);
        return new ImportReport(rows.Count, added.Count, already, dryRun);
    }

    /// <summary>
    /// The plan as the municipal table, in the organisation's language (<see cref="PlanExport"/>): for everyone who
    /// reads the plan, in the order the plan is read (period, deadline, title).
    /// </summary>
    public async Task<PlanTable> ExportAsync(Actor actor, Guid planId, CancellationToken ct)
    {
        (await gate.ForPlanAsync(actor, planId, ct)).Demand(Operation.ReadPlan);
        var plan = await plans.GetAsync(planId, ct) ?? throw new NotFoundException("Plan " + planId);
        var rows = (await activities.ListAsync(planId, ct)).Select(a => a.Value)
            .OrderBy(a => a.Period.From).ThenBy(a => a.Deadline).ThenBy(a => a.Title, StringComparer.CurrentCulture);
        var language = clock.Calendar.Country;
        return new PlanTable(plan, PlanImport.Headers(language), PlanExport.Rows(plan, rows, language));
    }

    /// <summary>
    /// Whether <see cref="CreateAsync"/> would let the actor start a plan, so that a page offers the form only to
    /// those it would not refuse, and says why to the others.
    /// </summary>
    public async Task<AccessDecision> DecideStartPlanAsync(Actor actor, CancellationToken ct)
    {
        gate.DemandTenant(actor, Operation.ManagePlanSettings);
        return (await MayStartPlansAsync(actor, await plans.ListAsync(ct), ct))
            ? AccessDecision.Allow(Operation.ManagePlanSettings, PlanRole.Communicator)
            : AccessDecision.Refuse(Operation.ManagePlanSettings, PlanRole.Reader, RefusalReason.CommunicatorsOnly);
    }

    /// <summary>Whether <see cref="ReviseAsync"/> would let the actor rewrite this plan's vocabulary.</summary>
    /// <exception cref="NotFoundException">No such plan.</exception>
    public async Task<AccessDecision> DecideReviseAsync(Actor actor, Guid planId, CancellationToken ct) =>
        (await gate.ForPlanAsync(actor, planId, ct)).Decide(Operation.ManagePlanSettings);

    /// <summary>The plans there are, once the actor is known to be allowed to start one.</summary>
    private async Task<IReadOnlyList<Plan>> DemandMayStartPlansAsync(Actor actor, CancellationToken ct)
    {
        gate.DemandTenant(actor, Operation.ManagePlanSettings);
        var all = await plans.ListAsync(ct);
        if (await MayStartPlansAsync(actor, all, ct)) return all;
        throw new AccessDeniedException(AccessDecision.Refuse(Operation.ManagePlanSettings, PlanRole.Reader, RefusalReason.CommunicatorsOnly));
    }

    private async Task<bool> MayStartPlansAsync(Actor actor, IReadOnlyList<Plan> all, CancellationToken ct)
    {
        if ((await gate.ForRolesAsync(actor, PlanRoles.Empty, ct)).Role == PlanRole.Communicator) return true;
        foreach (var plan in all)
        {
            if (await plans.GetRolesAsync(plan.Id, ct) is { } roles && (await gate.ForRolesAsync(actor, roles.Value, ct)).Role == PlanRole.Communicator)
                return true;
        }
        return false;
    }

    private static void RefuseSecond(IEnumerable<Plan> existing, Plan plan)
    {
        if (existing.Any(p => p.Year == plan.Year
                && string.Equals(p.Organisation, plan.Organisation, StringComparison.CurrentCultureIgnoreCase)
                && string.Equals(p.Department, plan.Department, StringComparison.CurrentCultureIgnoreCase)))
            throw new DuplicateException($"The plan {plan.Year} of {plan.Department}");
    }
}
