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
/// The groups of the plans with an approval conversation are refreshed in the background before their answer
/// expires (<see cref="RefreshAsync"/>), so that a card's invoke finds them here; one that does not waits at most
/// <see cref="AccessOptions.DirectoryBudget"/> for the directory.
/// </summary>
public sealed class GroupMembersCache(IGroupMembers directory, AccessOptions options, TimeProvider time)
{
    private const int PruneAbove = 1_000;
    private readonly ConcurrentDictionary<Guid, (IReadOnlySet<Guid> Users, IReadOnlyList<Guid> InOrder, DateTimeOffset Until)> _answers = new();

    /// <exception cref="DependencyUnavailableException">Not cached, and the directory did not answer within the budget.</exception>
    public async Task<IReadOnlyList<Guid>> UsersOfAsync(Guid groupId, CancellationToken ct)
    {
        if (_answers.TryGetValue(groupId, out var known) && known.Until > time.GetUtcNow()) return known.InOrder;
        return await DirectoryBudget.WithinAsync(options.DirectoryBudget, limit => RefreshAsync(groupId, limit), ct);
    }

    /// <summary>The group's users when a fresh answer is at hand; null when only the directory knows.</summary>
    public IReadOnlySet<Guid>? Cached(Guid groupId) =>
        _answers.TryGetValue(groupId, out var known) && known.Until > time.GetUtcNow() ? known.Users : null;

    /// <summary>Asks the directory now, whatever is cached, and keeps the answer (the background refresh's call).</summary>
    public async Task<IReadOnlyList<Guid>> RefreshAsync(Guid groupId, CancellationToken ct)
    {
        var users = await directory.UsersOfAsync(groupId, ct);
        var now = time.GetUtcNow();
        if (_answers.Count > PruneAbove)
            foreach (var (key, value) in _answers)
                if (value.Until <= now) _answers.TryRemove(key, out _);
        _answers[groupId] = (users.ToHashSet(), users, now + options.GroupCacheDuration);
        return users;
    }
}
