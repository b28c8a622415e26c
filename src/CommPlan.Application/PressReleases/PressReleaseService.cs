using CommPlan.Application.Access;
using CommPlan.Application.Storage;
using CommPlan.Domain.Access;
using CommPlan.Domain.PressReleases;

namespace CommPlan.Application.PressReleases;

/// <summary>A state change that was stored: the release before and after, and its record entry.</summary>
public sealed record PressReleaseChange(PressRelease? Before, Versioned<PressRelease> After, AuditEntry Entry);

/// <summary>
/// What follows a stored change, outside the request that made it: the release's Word document, the approval card
/// and the notifications. The host's implementation hands slow work to the outbox and background work, so that a
/// card's invoke is answered at once.
/// </summary>
public interface IPressReleaseFollowUp
{
    Task ChangedAsync(PressReleaseChange change, CancellationToken ct);
}

/// <summary>A release with its record, as the doors show it.</summary>
public sealed record PressReleaseView(Versioned<PressRelease> Release, IReadOnlyList<AuditEntry> History);

/// <summary>
/// Press releases of a plan (seed 000 §7.2): anyone in the organisation submits and reads; only the plan's
/// communicators decide, and only on the current version; the submitter resubmits after changes were asked and
/// withdraws; the submitter or a communicator marks an approved release sent. Every change writes its record entry
/// with it, and the store lets exactly one of two concurrent changes through.
/// </summary>
public sealed class PressReleaseService(IPlanStore plans, IPressReleaseStore store, IApprovalConversationStore approvalConversations, AccessGate gate,
    TimeProvider time, IPressReleaseFollowUp followUp)
{
    public async Task<IReadOnlyList<Versioned<PressRelease>>> ListAsync(Actor actor, Guid planId, CancellationToken ct)
    {
        gate.DemandTenant(actor);
        await RequirePlanAsync(planId, ct);
        return await store.ListAsync(planId, ct);
    }

    public async Task<PressReleaseView> GetAsync(Actor actor, Guid planId, Guid releaseId, CancellationToken ct)
    {
        gate.DemandTenant(actor);
        var release = await FindAsync(planId, releaseId, ct);
        return new PressReleaseView(release, await store.ListAuditAsync(planId, releaseId, ct));
    }

    /// <summary>The plan's record: every release's entries and the adoptions of the plan's documents, oldest first.</summary>
    public async Task<IReadOnlyList<RecordEntry>> RecordAsync(Actor actor, Guid planId, CancellationToken ct)
    {
        gate.DemandTenant(actor);
        await RequirePlanAsync(planId, ct);
        return RecordEntry.Merge(await store.ListAuditAsync(planId, null, ct), await store.ListAdoptionsAsync(planId, ct));
    }

    /// <summary>Whether the actor may decide on the plan's releases: what the doors ask before showing the buttons.</summary>
    public async Task<bool> CanDecideAsync(Actor actor, Guid planId, CancellationToken ct) =>
        (await gate.ForPlanAsync(actor, planId, ct)).Allows(Operation.ApprovePressRelease);

    /// <summary>A communicator makes a Teams conversation (where the app is installed) the plan's approval conversation.</summary>
    public async Task SetApprovalConversationAsync(Actor actor, Guid planId, string conversationId, CancellationToken ct)
    {
        (await gate.ForPlanAsync(actor, planId, ct)).Demand(Operation.ApprovePressRelease);
        await approvalConversations.SetAsync(new ApprovalConversation(planId, conversationId, actor.ObjectId, time.GetUtcNow()), ct);
    }

    /// <summary>A new release: submitted at once as version 1, or kept as a draft.</summary>
    public async Task<PressReleaseChange> CreateAsync(Actor actor, Guid planId, PressReleaseContent content, bool submit, CancellationToken ct, Guid? id = null)
    {
        gate.DemandTenant(actor);
        await RequirePlanAsync(planId, ct);
        var (release, entry) = submit
            ? PressRelease.Submit(id ?? Guid.NewGuid(), planId, content, PersonOf(actor), time.GetUtcNow())
            : PressRelease.Draft(id ?? Guid.NewGuid(), planId, content, PersonOf(actor), time.GetUtcNow());
        var stored = await store.AddAsync(release, entry, ct);
        return await FollowAsync(new PressReleaseChange(null, stored, entry), ct);
    }

    /// <summary>Submits a draft as version 1, or after changes were asked, the next version (with new content).</summary>
    public Task<PressReleaseChange> SubmitAsync(Actor actor, Guid planId, Guid releaseId, PressReleaseContent? content, string? comment, string? ifMatch, CancellationToken ct) =>
        ChangeAsync(actor, planId, releaseId, ifMatch, current => current.State == PressReleaseState.Draft
            ? current.SubmitDraft(PersonOf(actor), time.GetUtcNow(), content)
            : current.Resubmit(content ?? current.Content, PersonOf(actor), time.GetUtcNow(), comment), ct);

    /// <summary>
    /// A communicator's decision on <paramref name="version"/>. The version read is the one decided on, so of two
    /// communicators pressing at once one wins; the other is told who decided (<see cref="PressReleaseRefusal.AlreadyDecided"/>).
    /// </summary>
    public async Task<PressReleaseChange> DecideAsync(Actor actor, Guid planId, Guid releaseId, int version, PressReleaseDecision decision, string? comment, CancellationToken ct)
    {
        (await gate.ForPlanAsync(actor, planId, ct)).Demand(Operation.ApprovePressRelease);
        var current = await FindAsync(planId, releaseId, ct);
        var (next, entry) = current.Value.Decide(decision, version, PersonOf(actor), time.GetUtcNow(), comment);
        Versioned<PressRelease> stored;
        try
        {
            stored = await store.UpdateAsync(next, current.ETag, entry, ct);
        }
        catch (ConcurrencyConflictException)
        {
            // Someone changed it between our read and our write: judge the decision again on what won.
            var won = await FindAsync(planId, releaseId, ct);
            won.Value.Decide(decision, version, PersonOf(actor), time.GetUtcNow(), comment);
            throw;
        }
        return await FollowAsync(new PressReleaseChange(current.Value, stored, entry), ct);
    }

    /// <summary>The submitter or a communicator takes the release back, with the reason.</summary>
    public async Task<PressReleaseChange> WithdrawAsync(Actor actor, Guid planId, Guid releaseId, string? reason, string? ifMatch, CancellationToken ct)
    {
        var access = await gate.ForPlanAsync(actor, planId, ct);
        return await ChangeAsync(actor, planId, releaseId, ifMatch, current =>
        {
            DemandSubmitterOrCommunicator(actor, access, current);
            return current.Withdraw(PersonOf(actor), time.GetUtcNow(), reason);
        }, ct);
    }

    /// <summary>An approved release went out: the submitter or a communicator says when and through which channels.</summary>
    public async Task<PressReleaseChange> MarkSentAsync(Actor actor, Guid planId, Guid releaseId, DateOnly sentOn, IReadOnlyList<string> channels, string? ifMatch, CancellationToken ct)
    {
        var access = await gate.ForPlanAsync(actor, planId, ct);
        return await ChangeAsync(actor, planId, releaseId, ifMatch, current =>
        {
            DemandSubmitterOrCommunicator(actor, access, current);
            return current.MarkSent(sentOn, channels, PersonOf(actor), time.GetUtcNow());
        }, ct);
    }

    private static void DemandSubmitterOrCommunicator(Actor actor, PlanAccess access, PressRelease release)
    {
        if (release.Submitter.ObjectId == actor.ObjectId) return;
        access.Demand(Operation.ApprovePressRelease);
    }

    private async Task<PressReleaseChange> ChangeAsync(Actor actor, Guid planId, Guid releaseId, string? ifMatch,
        Func<PressRelease, (PressRelease, AuditEntry)> change, CancellationToken ct)
    {
        gate.DemandTenant(actor);
        var current = await FindAsync(planId, releaseId, ct);
        // No If-Match: the caller acts on what it sees now (a card, the tab), and the store still lets one writer win.
        var quoted = string.IsNullOrEmpty(ifMatch) || ifMatch == "*" ? current.ETag : ifMatch;
        if (quoted != current.ETag) throw new ConcurrencyConflictException("Press release " + releaseId, current.ETag);
        var (next, entry) = change(current.Value);
        var stored = await store.UpdateAsync(next, quoted, entry, ct);
        return await FollowAsync(new PressReleaseChange(current.Value, stored, entry), ct);
    }

    private async Task<PressReleaseChange> FollowAsync(PressReleaseChange change, CancellationToken ct)
    {
        await followUp.ChangedAsync(change, ct);
        return change;
    }

    private async Task<Versioned<PressRelease>> FindAsync(Guid planId, Guid releaseId, CancellationToken ct) =>
        await store.GetAsync(planId, releaseId, ct) ?? throw new NotFoundException("Press release " + releaseId);

    private async Task RequirePlanAsync(Guid planId, CancellationToken ct)
    {
        if (await plans.GetAsync(planId, ct) is null) throw new NotFoundException("Plan " + planId);
    }

    private static Person PersonOf(Actor actor) => new(actor.ObjectId, actor.DisplayName);
}
