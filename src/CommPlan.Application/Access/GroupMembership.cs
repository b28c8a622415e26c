using System.Collections.Concurrent;

namespace CommPlan.Application.Access;

/// <summary>The directory's answer to "which of these groups is this user in" (transitively, as Entra ID counts it).</summary>
public interface IGroupMembership
{
    /// <returns>The ids among <paramref name="groupIds"/> that the user is a member of.</returns>
    Task<IReadOnlySet<Guid>> MemberOfAsync(Guid userObjectId, IReadOnlyCollection<Guid> groupIds, CancellationToken cancellationToken);
}

/// <summary>No directory to ask (the embedded default): nobody is in any group, so only user assignments count.</summary>
public sealed class NoGroupMembership : IGroupMembership
{
    public Task<IReadOnlySet<Guid>> MemberOfAsync(Guid userObjectId, IReadOnlyCollection<Guid> groupIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlySet<Guid>>(new HashSet<Guid>());
}

/// <summary>
/// Remembers the directory's answers briefly, per user and group, so that a person clicking through the plan costs
/// one directory call every few minutes rather than one per request. A membership change shows within
/// <see cref="AccessOptions.GroupCacheDuration"/>. A group whose whole list of users is at hand (the background
/// refresh keeps the groups of the plans with an approval conversation listed) is answered from that list, so that a
/// card's invoke does not wait for the directory; otherwise the directory gets <see cref="AccessOptions.DirectoryBudget"/>.
/// </summary>
public sealed class GroupMembershipCache(IGroupMembership directory, GroupMembersCache members, AccessOptions options, TimeProvider time)
{
    private const int PruneAbove = 50_000;
    private readonly ConcurrentDictionary<(Guid User, Guid Group), (bool Member, DateTimeOffset Until)> _answers = new();

    public async Task<IReadOnlySet<Guid>> MemberOfAsync(Guid userObjectId, IReadOnlyCollection<Guid> groupIds, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var member = new HashSet<Guid>();
        var unknown = new List<Guid>();
        foreach (var group in groupIds.Distinct())
        {
            if (_answers.TryGetValue((userObjectId, group), out var known) && known.Until > now)
            {
                if (known.Member) member.Add(group);
            }
            else if (members.Cached(group) is { } users)
            {
                if (users.Contains(userObjectId)) member.Add(group);
            }
            else unknown.Add(group);
        }
        if (unknown.Count == 0) return member;
        var found = await DirectoryBudget.WithinAsync(options.DirectoryBudget, limit => directory.MemberOfAsync(userObjectId, unknown, limit), ct);
        if (_answers.Count > PruneAbove) Prune(now);
        var until = now + options.GroupCacheDuration;
        foreach (var group in unknown)
        {
            var isMember = found.Contains(group);
            _answers[(userObjectId, group)] = (isMember, until);
            if (isMember) member.Add(group);
        }
        return member;
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, value) in _answers)
            if (value.Until <= now) _answers.TryRemove(key, out _);
    }
}
