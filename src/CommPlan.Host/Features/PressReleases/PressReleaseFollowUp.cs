using System.Globalization;
using CommPlan.Application;
using CommPlan.Application.Access;
using CommPlan.Application.PressReleases;
using CommPlan.Application.Storage;
using CommPlan.Domain.Access;
using CommPlan.Domain.PressReleases;
using CommPlan.Host.Bot;
using CommPlan.Host.Outbox;
using CommPlan.Teams.Cards;
using CommPlan.Teams.Schema;
using Microsoft.Extensions.Options;

namespace CommPlan.Host.Features.PressReleases;

/// <summary>
/// After a stored change: the document of the current version is (re)written in the background, and Teams is told
/// through the outbox, which delivers in order, paced and retried, so the request that made the change answers at
/// once. A submission posts the approval card to the plan's approval conversation; every later change updates that
/// card in place for everyone (Update by its correlation key); changes requested go 1:1 to the submitter; an
/// approval informs the committee chair and the approval conversation.
/// </summary>
public sealed class PressReleaseFollowUp(
    PressReleaseDocumentQueue documents, BotOutbox outbox, IApprovalConversationStore approvalConversations, IConversationStore conversations,
    IPressReleaseStore releases, IPlanStore plans, PressReleaseDeciders deciders, PressReleaseCards cards, PressReleaseOptions options,
    IOptions<RequestLocalizationOptions> localization) : IPressReleaseFollowUp
{
    public static string CardKey(Guid releaseId) => $"press-release:{releaseId:N}";

    public async Task ChangedAsync(PressReleaseChange change, CancellationToken ct)
    {
        var release = change.After.Value;
        documents.Enqueue(release.PlanId, release.Id);
        if (release.State == PressReleaseState.Draft) return;
        var history = await releases.ListAuditAsync(release.PlanId, release.Id, ct);
        if (await ApprovalConversationAsync(release.PlanId, ct) is { } room)
        {
            var culture = CultureOf(room);
            var card = cards.Approval(culture, release, history, canDecide: false, await deciders.MrisAsync(release.PlanId, ct));
            var message = Message(room, culture, card, cards.Summary(culture, "Approval_Title", release));
            var first = change.Entry.Action == AuditAction.Submitted && change.Before is null or { State: PressReleaseState.Draft };
            if (first) await outbox.SendAsync(room.ConversationId, message, CardKey(release.Id), ct);
            else await outbox.UpdateAsync(room.ConversationId, null, CardKey(release.Id), message, ct);
            if (change.Entry.Action == AuditAction.Approved)
                await outbox.SendAsync(room.ConversationId, Message(room, culture, cards.Approved(culture, release), cards.Summary(culture, "Approved_Title", release)), ct: ct);
        }
        if (change.Entry.Action == AuditAction.ChangesRequested && await conversations.FindPersonalAsync(release.Submitter.ObjectId.ToString(), ct) is { } submitter
            && await plans.GetAsync(release.PlanId, ct) is { } plan)
        {
            var culture = CultureOf(submitter);
            await outbox.SendAsync(submitter.ConversationId,
                Message(submitter, culture, cards.ChangesRequested(culture, plan, release), cards.Summary(culture, "Changes_Title", release)), ct: ct);
        }
        if (change.Entry.Action == AuditAction.Approved && options.CommitteeChair is { } chairId
            && await conversations.FindPersonalAsync(chairId.ToString(), ct) is { } chair)
        {
            var culture = CultureOf(chair);
            await outbox.SendAsync(chair.ConversationId, Message(chair, culture, cards.Approved(culture, release), cards.Summary(culture, "Approved_Title", release)), ct: ct);
        }
    }

    /// <summary>Puts the approval card as it is now back in place (after a refused press on an old version).</summary>
    public async Task RestoreCardAsync(PressRelease release, CancellationToken ct)
    {
        if (await ApprovalConversationAsync(release.PlanId, ct) is not { } room) return;
        var culture = CultureOf(room);
        var history = await releases.ListAuditAsync(release.PlanId, release.Id, ct);
        var card = cards.Approval(culture, release, history, canDecide: false, await deciders.MrisAsync(release.PlanId, ct));
        await outbox.UpdateAsync(room.ConversationId, null, CardKey(release.Id), Message(room, culture, card, cards.Summary(culture, "Approval_Title", release)), ct);
    }

    private async Task<ConversationRecord?> ApprovalConversationAsync(Guid planId, CancellationToken ct) =>
        await approvalConversations.GetAsync(planId, ct) is { } set && await conversations.GetAsync(set.ConversationId, ct) is { State: ConversationState.Active } record
            ? record
            : null;

    private CultureInfo CultureOf(ConversationRecord record) =>
        BotCulture.From(record.Locale, localization.Value.DefaultRequestCulture.UICulture);

    private static Activity Message(ConversationRecord to, CultureInfo culture, Attachment card, string summary) => new()
    {
        Type = ActivityTypes.Message,
        ServiceUrl = to.ServiceUrl,
        ChannelId = "msteams",
        Conversation = new ConversationAccount { Id = to.ConversationId },
        Locale = culture.Name,
        Summary = summary,
        Attachments = [card],
    };
}

/// <summary>
/// Who sees the decision buttons: the plan's communicators, by the Teams id the app knows from their personal chat
/// with it. Named users come first (and the bootstrap communicators), then the users of communicator groups, which the
/// directory lists (kept listed in the background by <see cref="DirectoryGroupsRefresh"/>); without a directory (the
/// embedded default) groups add nobody. The list can be longer than the refresh takes (<see cref="CardRefresh.MaxUserIds"/>):
/// the card then names the tab as the place to decide for those left out. A directory that fails or does not answer
/// within its budget leaves the group members out for this card, never the card; the groups after it are taken from
/// what is cached only, so that one invoke waits for the directory once at most.
/// </summary>
public sealed class PressReleaseDeciders(IPlanStore plans, IConversationStore conversations, AccessPolicy policy, GroupMembersCache groups,
    ILogger<PressReleaseDeciders> log)
{
    public async Task<IReadOnlyList<string>> MrisAsync(Guid planId, CancellationToken ct)
    {
        var communicators = (await plans.GetRolesAsync(planId, ct))?.Value.WithRole(PlanRole.Communicator).ToList() ?? [];
        var users = communicators.Where(a => a.Kind == PrincipalKind.User).Select(a => a.PrincipalId).Concat(policy.BootstrapCommunicators).ToList();
        var mris = new List<string>();
        var seen = new HashSet<Guid>();
        var withChat = new HashSet<Guid>();
        // One past the refresh's limit is enough to know that some are left out.
        async Task<bool> AddAsync(Guid id)
        {
            if (mris.Count > CardRefresh.MaxUserIds) return false;
            if (seen.Add(id) && await conversations.FindPersonalAsync(id.ToString(), ct) is { UserId: { } mri })
            {
                mris.Add(mri);
                withChat.Add(id);
            }
            return true;
        }
        foreach (var id in users)
            if (!await AddAsync(id)) return mris;
        // A bootstrap communicator may be a group; a user id asked as a group has no members.
        var groupIds = communicators.Where(a => a.Kind == PrincipalKind.Group).Select(a => a.PrincipalId)
            .Concat(policy.BootstrapCommunicators.Where(id => !withChat.Contains(id))).Distinct();
        var directoryFailed = false;
        foreach (var group in groupIds)
        {
            IReadOnlyCollection<Guid> members;
            if (directoryFailed)
            {
                if (groups.Cached(group) is not { } cached) continue;
                members = cached;
            }
            else
            {
                try
                {
                    members = await groups.UsersOfAsync(group, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    log.LogWarning(e, "Could not list the members of communicator group {Group}: its members decide in the tab", group);
                    directoryFailed = true;
                    continue;
                }
            }
            foreach (var id in members)
                if (!await AddAsync(id)) return mris;
        }
        return mris;
    }
}
