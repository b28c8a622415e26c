using System.Collections.Concurrent;

namespace CommPlan.Application.Access;

/// <summary>The directory's list of the users in a group, through nested groups too (as Entra ID counts membership).</summary>
public interface IGroupMembers
{
    /// <returns>The object ids of the group's users; empty for a group the directory does not know.</returns>
    Task<IReadOnlyList<Guid>> UsersOfAsync(Guid groupId, CancellationToken cancellationToken);
}

/// <summary>No directory to ask (the embedded default): groups have no known members, so only named users count.</summary>
public sealed class NoGroupMembers : IGroupMembers
{
    public Task<IReadOnlyList<Guid>> UsersOfAsync(Guid groupId, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<Guid>>([]);
}

/// <summary>
/// Remembers each group's users for <see cref="AccessOptions.GroupCacheDuration"/>, as <see cref="GroupMembershipCache"/>
/// does the other way round: a card that goes out or refreshes costs one directory walk per group every few minutes.
/// </summary>
public sealed class GroupMembersCache(IGroupMembers directory, AccessOptions options, TimeProvider time)
{
    private const int PruneAbove = 1_000;
    private readonly ConcurrentDictionary<Guid, (IReadOnlyList<Guid> Users, DateTimeOffset Until)> _answers = new();

    public async Task<IReadOnlyList<Guid>> UsersOfAsync(Guid groupId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_answers.TryGetValue(groupId, out var known) && known.Until > now) return known.Users;
        var users = await directory.UsersOfAsync(groupId, ct);
        if (_answers.Count > PruneAbove)
            foreach (var (key, value) in _answers)
                if (value.Until <= now) _answers.TryRemove(key, out _);
        _answers[groupId] = (users, now + options.GroupCacheDuration);
        return users;
    }
}
