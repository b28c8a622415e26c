using CommPlan.Domain.PressReleases;

namespace CommPlan.Application.Storage;

/// <summary>
/// Press releases of the plans, each with its version tag for optimistic concurrency, and the plan's append-only record,
/// which also holds the adoptions of the plan's documents.
/// Every write of a release carries the audit entry of its state change, and both are stored together or not at all:
/// of two writers quoting the same version, exactly one wins, so a decision is recorded exactly once. There is no way
/// to change or remove an audit entry.
/// </summary>
public interface IPressReleaseStore
{
    Task<IReadOnlyList<Versioned<PressRelease>>> ListAsync(Guid planId, CancellationToken ct);

    Task<Versioned<PressRelease>?> GetAsync(Guid planId, Guid releaseId, CancellationToken ct);

    /// <exception cref="DuplicateException">A release with that id exists.</exception>
    Task<Versioned<PressRelease>> AddAsync(PressRelease release, AuditEntry entry, CancellationToken ct);

    /// <summary>Replaces the release and appends <paramref name="entry"/>, if the release is still the version read.</summary>
    /// <exception cref="NotFoundException">No such release.</exception>
    /// <exception cref="ConcurrencyConflictException">It changed since <paramref name="ifMatch"/> was read; nothing was written.</exception>
    Task<Versioned<PressRelease>> UpdateAsync(PressRelease release, string ifMatch, AuditEntry? entry, CancellationToken ct);

    /// <summary>The record of one release (or of every release of the plan), oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(Guid planId, Guid? releaseId, CancellationToken ct);

    /// <summary>Adds the adoption of a plan document to the plan's record, where it stays unchanged.</summary>
    /// <exception cref="DuplicateException">An entry with that id is recorded.</exception>
    Task AppendAdoptionAsync(AdoptionEntry entry, CancellationToken ct);

    /// <summary>The adoptions of the plan's documents, oldest first.</summary>
    Task<IReadOnlyList<AdoptionEntry>> ListAdoptionsAsync(Guid planId, CancellationToken ct);
}

/// <summary>The Teams conversation (a channel or group chat) where a plan's approval cards go, and who chose it.</summary>
public sealed record ApprovalConversation(Guid PlanId, string ConversationId, Guid SetBy, DateTimeOffset SetAt);

/// <summary>
/// Which conversation is each plan's approval conversation. App state (a conversation id means something only to
/// this app's bot), so it lives in the app's own database whatever the plan store is.
/// </summary>
public interface IApprovalConversationStore
{
    Task<ApprovalConversation?> GetAsync(Guid planId, CancellationToken ct);

    /// <summary>Every plan's approval conversation: the plans whose cards are decided in Teams.</summary>
    Task<IReadOnlyList<ApprovalConversation>> ListAsync(CancellationToken ct);

    /// <summary>Makes the conversation the plan's approval conversation, replacing an earlier one.</summary>
    Task SetAsync(ApprovalConversation conversation, CancellationToken ct);
}
