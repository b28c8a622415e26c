using System.Globalization;
using CommPlan.Application.PressReleases;
using CommPlan.Application.Storage;
using CommPlan.Domain.Access;
using CommPlan.Domain.PressReleases;
using CommPlan.Host.Bot;
using CommPlan.Host.Outbox;
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
/// Who sees the decision buttons: the plan's communicators named as users (and the bootstrap communicators), by the
/// Teams id the app knows from their personal chat with it. Members of a communicator group are not listed (the
/// refresh takes user ids, at most 60); they decide in the tab, which every card links to.
/// </summary>
public sealed class PressReleaseDeciders(IPlanStore plans, IConversationStore conversations, AccessPolicy policy)
{
    public async Task<IReadOnlyList<string>> MrisAsync(Guid planId, CancellationToken ct)
    {
        var roles = await plans.GetRolesAsync(planId, ct);
        var ids = (roles?.Value.WithRole(PlanRole.Communicator).Where(a => a.Kind == PrincipalKind.User).Select(a => a.PrincipalId) ?? [])
            .Concat(policy.BootstrapCommunicators).Distinct();
        var mris = new List<string>();
        foreach (var id in ids)
        {
            if (mris.Count == Teams.Cards.CardRefresh.MaxUserIds) break;
            if (await conversations.FindPersonalAsync(id.ToString(), ct) is { UserId: { } mri }) mris.Add(mri);
        }
        return mris;
    }
}
