using System.Threading.Channels;
using CommPlan.Application.Access;
using CommPlan.Application.Storage;
using CommPlan.Domain.Access;

namespace CommPlan.Host.Features.PressReleases;

/// <summary>
/// Keeps the directory's list of users warm for the groups of every plan with an approval conversation (its
/// communicator and manager groups, and bootstrap groups), so that a card's invoke answers the communicator check and
/// lists the card's deciders from memory instead of calling Microsoft Graph while Teams waits. A round over all those
/// plans runs at start and every half <see cref="AccessOptions.GroupCacheDuration"/>, so each answer is renewed before
/// it expires; a plan whose approval conversation was just set is refreshed at once (<see cref="Refresh"/>). A
/// directory that fails is logged and tried again in the next round; the invoke then waits for it at most
/// <see cref="AccessOptions.DirectoryBudget"/>.
/// </summary>
public sealed class DirectoryGroupsRefresh(IServiceScopeFactory scopes, GroupMembersCache members, AccessPolicy policy, AccessOptions options,
    TimeProvider time, ILogger<DirectoryGroupsRefresh> log) : BackgroundService
{
    /// <summary>How long one group's listing may take in the background before the round moves on.</summary>
    private static readonly TimeSpan ListingLimit = TimeSpan.FromSeconds(60);

    private readonly Channel<Guid> _asked = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    public TimeSpan Period => options.GroupCacheDuration / 2 > TimeSpan.FromSeconds(1) ? options.GroupCacheDuration / 2 : TimeSpan.FromSeconds(1);

    /// <summary>Refreshes the plan's groups soon, outside the caller's request.</summary>
    public void Refresh(Guid planId) => _asked.Writer.TryWrite(planId);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var nextRound = time.GetUtcNow();
        while (!stop.IsCancellationRequested)
        {
            if (time.GetUtcNow() >= nextRound)
            {
                await RefreshAllAsync(stop);
                nextRound = time.GetUtcNow() + Period;
            }
            var wait = nextRound - time.GetUtcNow();
            using var roundDue = new CancellationTokenSource(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, time);
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(stop, roundDue.Token);
            try
            {
                await _asked.Reader.WaitToReadAsync(wake.Token);
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                continue;
            }
            var plans = new HashSet<Guid>();
            while (_asked.Reader.TryRead(out var planId)) plans.Add(planId);
            var done = new HashSet<Guid>();
            foreach (var planId in plans) await RefreshPlanAsync(planId, done, stop);
        }
    }

    private async Task RefreshAllAsync(CancellationToken stop)
    {
        IReadOnlyList<ApprovalConversation> conversations;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            conversations = await scope.ServiceProvider.GetRequiredService<IApprovalConversationStore>().ListAsync(stop);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            log.LogWarning(e, "Could not read the plans with an approval conversation; their directory groups are refreshed in the next round");
            return;
        }
        var done = new HashSet<Guid>();
        foreach (var conversation in conversations) await RefreshPlanAsync(conversation.PlanId, done, stop);
    }

    /// <param name="done">Groups refreshed in this round already: a group named by several plans is listed once.</param>
    private async Task RefreshPlanAsync(Guid planId, HashSet<Guid> done, CancellationToken stop)
    {
        IReadOnlyCollection<Guid> groups;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<IPlanStore>().GetRolesAsync(planId, stop) is not { } roles) return;
            groups = policy.GroupsThatMatter(roles.Value);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            log.LogWarning(e, "Could not read the roles of plan {PlanId} to refresh its directory groups", planId);
            return;
        }
        foreach (var group in groups)
        {
            if (!done.Add(group)) continue;
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(stop);
            limit.CancelAfter(ListingLimit);
            try
            {
                await members.RefreshAsync(group, limit.Token);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                log.LogWarning(e, "Could not list the users of group {Group} of plan {PlanId}; tried again in the next round", group, planId);
            }
        }
    }
}
