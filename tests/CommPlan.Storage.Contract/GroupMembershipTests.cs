using CommPlan.Application;
using CommPlan.Application.Access;
using CommPlan.Storage.SharePoint;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CommPlan.Storage.Contract;

/// <summary>Group membership through Microsoft Graph (the loopback one): checkMemberGroups, 20 ids a call, cached briefly.</summary>
public sealed class GroupMembershipTests : IAsyncLifetime
{
    private static readonly Guid User = Guid.Parse("9b3e5c74-2f50-4eaf-9c63-4d9f5a7c3e03");
    private GraphEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await GraphEnvironment.StartAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    private int CheckCalls => _env.Graph.Requests.Count(r => r.PathAndQuery.EndsWith("/checkMemberGroups", StringComparison.Ordinal));

    [Fact]
    public async Task The_adapter_asks_twenty_groups_a_call_and_finds_the_ones_the_user_is_in()
    {
        var groups = Enumerable.Range(0, 45).Select(_ => Guid.NewGuid()).ToArray();
        _env.Graph.AddGroupMember(groups[3], User);
        _env.Graph.AddGroupMember(groups[44], User);
        var app = await _env.CreateAppAsync();
        var directory = app.GetRequiredService<IGroupMembership>();

        var member = await directory.MemberOfAsync(User, groups, default);

        Assert.IsType<GraphGroupMembership>(directory);
        Assert.Equal(new[] { groups[3], groups[44] }.Order(), member.Order());
        Assert.Equal(3, CheckCalls);
    }

    [Fact]
    public async Task The_cache_asks_the_directory_once_until_its_answers_expire()
    {
        var group = Guid.NewGuid();
        _env.Graph.AddDirectoryUser(User);
        var app = await _env.CreateAppAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-06-15T08:00:00Z"));
        var options = new AccessOptions { GroupCacheDuration = TimeSpan.FromMinutes(5) };
        var cache = new GroupMembershipCache(app.GetRequiredService<IGroupMembership>(), new GroupMembersCache(app.GetRequiredService<IGroupMembers>(), options, clock), options, clock);

        Assert.Empty(await cache.MemberOfAsync(User, [group], default));
        _env.Graph.AddGroupMember(group, User);
        Assert.Empty(await cache.MemberOfAsync(User, [group], default));
        clock.Advance(TimeSpan.FromMinutes(6));
        var later = await cache.MemberOfAsync(User, [group], default);

        Assert.Equal([group], later);
        Assert.Equal(2, CheckCalls);
    }

    [Fact]
    public async Task A_user_the_directory_does_not_know_is_in_no_group()
    {
        var app = await _env.CreateAppAsync();

        var member = await app.GetRequiredService<IGroupMembership>().MemberOfAsync(Guid.NewGuid(), [Guid.NewGuid()], default);

        Assert.Empty(member);
        Assert.Equal(1, CheckCalls);
    }

    [Fact]
    public async Task A_group_listed_beforehand_answers_the_check_without_asking_the_directory()
    {
        var group = Guid.NewGuid();
        var other = Guid.NewGuid();
        _env.Graph.AddGroupMember(group, User);
        _env.Graph.AddGroupMember(group, other);
        var app = await _env.CreateAppAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-06-15T08:00:00Z"));
        var options = new AccessOptions { GroupCacheDuration = TimeSpan.FromMinutes(5) };
        var members = new GroupMembersCache(app.GetRequiredService<IGroupMembers>(), options, clock);
        var cache = new GroupMembershipCache(app.GetRequiredService<IGroupMembership>(), members, options, clock);
        await members.RefreshAsync(group, default);

        Assert.Equal([group], await cache.MemberOfAsync(User, [group], default));
        Assert.Empty(await cache.MemberOfAsync(Guid.NewGuid(), [group], default));
        Assert.Equal(0, CheckCalls);
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal([group], await cache.MemberOfAsync(User, [group], default));
        Assert.Equal(1, CheckCalls);
    }

    [Fact]
    public async Task A_directory_that_does_not_answer_within_the_budget_is_unavailable_and_nothing_is_cached()
    {
        var group = Guid.NewGuid();
        _env.Graph.AddGroupMember(group, User);
        var app = await _env.CreateAppAsync();
        var options = new AccessOptions { DirectoryBudget = TimeSpan.FromMilliseconds(300) };
        var cache = new GroupMembershipCache(app.GetRequiredService<IGroupMembership>(),
            new GroupMembersCache(app.GetRequiredService<IGroupMembers>(), options, TimeProvider.System), options, TimeProvider.System);
        _env.Graph.DirectoryDelay = Timeout.InfiniteTimeSpan;

        var refused = await Assert.ThrowsAsync<DependencyUnavailableException>(() => cache.MemberOfAsync(User, [group], default));

        Assert.Equal(DirectoryBudget.Dependency, refused.Dependency);
        _env.Graph.DirectoryDelay = TimeSpan.Zero;
        Assert.Equal([group], await cache.MemberOfAsync(User, [group], default));
    }
}
