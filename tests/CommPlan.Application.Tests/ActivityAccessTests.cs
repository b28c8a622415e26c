using CommPlan.Application.Access;
using CommPlan.Application.Activities;
using CommPlan.Application.Demo;
using CommPlan.Application.Overview;
using CommPlan.Application.Plans;
using CommPlan.Application.Storage;
using CommPlan.Domain.Access;
using CommPlan.Domain.Activities;
using static CommPlan.Application.Tests.AppUnderTest;

namespace CommPlan.Application.Tests;

/// <summary>The activity use cases ask the policy: who may read, edit, and report progress on the demo plan.</summary>
public sealed class ActivityAccessTests : IAsyncLifetime
{
    private AppUnderTest _app = null!;

    public async Task InitializeAsync() => _app = await StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private ActivityService Activities => _app.Get<ActivityService>();

    private async Task<Versioned<Activity>> SpringClearOutAsync() =>
        (await Activities.ListAsync(Anna, DemoPlan.PlanId, ActivityFilter.None, default)).Single(a => a.Value.Title == "Vårrensning");

    private static ActivityDetails DetailsOf(Activity a) => new()
    {
        Title = a.Title, Description = a.Description, UnitKey = a.UnitKey, Period = a.Period, Deadline = a.Deadline,
        Recurrence = a.Recurrence, Channels = a.Channels, TargetGroups = a.TargetGroups, Goals = a.Goals, Owner = a.Owner,
        FollowUpMetric = a.FollowUpMetric,
    };

    [Fact]
    public async Task The_owner_marks_their_activity_done_and_records_its_figure()
    {
        var activity = await SpringClearOutAsync();

        var done = await Activities.ReviseAsync(Maria, DemoPlan.PlanId, activity.Value.Id,
            _ => DetailsOf(activity.Value) with { Status = ActivityStatus.Done }, activity.ETag, default);
        var counted = await Activities.RecordFigureAsync(Maria, DemoPlan.PlanId, activity.Value.Id, new FollowUpFigure(_app.Get<OrganisationClock>().Today, 340, null), done.ETag, default);

        Assert.Equal(ActivityStatus.Done, counted.Value.Status);
        Assert.Equal(340, Assert.Single(counted.Value.FollowUpFigures).Value);
    }

    [Fact]
    public async Task The_owner_cannot_change_what_the_activity_is_and_nothing_is_stored()
    {
        var activity = await SpringClearOutAsync();

        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => Activities.ReviseAsync(Maria, DemoPlan.PlanId, activity.Value.Id,
            _ => DetailsOf(activity.Value) with { Title = "Höstrensning", Status = ActivityStatus.Done }, activity.ETag, default));

        Assert.Equal(Operation.EditActivity, refused.Operation);
        Assert.Equal(RefusalReason.CommunicatorsOnly, refused.Reason);
        var stored = await Activities.GetAsync(Maria, DemoPlan.PlanId, activity.Value.Id, default);
        Assert.Equal(activity.ETag, stored.ETag);
        Assert.Equal("Vårrensning", stored.Value.Title);
    }

    [Fact]
    public async Task Someone_elses_activity_is_refused_before_its_version_or_rules_are_looked_at()
    {
        var activity = await SpringClearOutAsync();

        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() =>
            Activities.RecordFigureAsync(Erik, DemoPlan.PlanId, activity.Value.Id, new FollowUpFigure(default, 1, null), "\"stale\"", default));

        Assert.Equal(RefusalReason.OwnerOrCommunicatorOnly, refused.Reason);
    }

    [Fact]
    public async Task A_manager_reads_everything_and_changes_nothing()
    {
        var activity = await SpringClearOutAsync();

        Assert.NotEmpty(await Activities.ListAsync(Sara, DemoPlan.PlanId, ActivityFilter.None, default));
        Assert.NotNull(await _app.Get<PlanService>().FindCurrentAsync(Sara, default));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Activities.CreateAsync(Sara, DemoPlan.PlanId, _ => DetailsOf(activity.Value), default));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Activities.DeleteAsync(Sara, DemoPlan.PlanId, activity.Value.Id, activity.ETag, default));
    }

    [Fact]
    public async Task The_communicator_edits_anyones_activity()
    {
        var activity = await SpringClearOutAsync();

        var renamed = await Activities.ReviseAsync(Anna, DemoPlan.PlanId, activity.Value.Id,
            _ => DetailsOf(activity.Value) with { Title = "Stor vårrensning" }, activity.ETag, default);

        Assert.Equal("Stor vårrensning", renamed.Value.Title);
    }

    [Fact]
    public async Task A_member_of_a_communicator_group_edits_once_the_group_has_the_role()
    {
        var group = Guid.NewGuid();
        var erikInGroup = Erik with { Groups = new HashSet<Guid> { group } };
        var activity = await SpringClearOutAsync();
        var roles = _app.Get<PlanRolesService>();
        var current = await roles.ListAsync(Anna, DemoPlan.PlanId, default);
        await roles.AddAsync(Anna, DemoPlan.PlanId, new RoleAssignment(group, PrincipalKind.Group, PlanRole.Communicator, "Kommunikatörer"), current.ETag, default);

        var renamed = await Activities.ReviseAsync(erikInGroup, DemoPlan.PlanId, activity.Value.Id,
            _ => DetailsOf(activity.Value) with { Title = "Vårrensning på Repris" }, activity.ETag, default);

        Assert.Equal("Vårrensning på Repris", renamed.Value.Title);
    }

    [Fact]
    public async Task A_caller_from_another_tenant_reads_nothing_not_even_the_plan_list_or_their_agenda()
    {
        var stranger = Person(DemoPlan.Communicator.ObjectId!.Value, "Anna Lindqvist", tenant: Guid.NewGuid());

        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<PlanService>().ListAsync(stranger, default));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Activities.ListAsync(stranger, DemoPlan.PlanId, ActivityFilter.None, default));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<PlanOverviewService>().AgendaAsync(stranger, null, 8, default));

        Assert.Equal(RefusalReason.OtherTenant, refused.Reason);
    }

    [Fact]
    public async Task The_agenda_finds_an_activity_given_by_e_mail_through_the_actors_own_address()
    {
        var activity = await SpringClearOutAsync();
        await Activities.ReviseAsync(Anna, DemoPlan.PlanId, activity.Value.Id,
            _ => DetailsOf(activity.Value) with { Owner = new Owner(null, "Nils Ek", "nils.ek@pitea.example") }, activity.ETag, default);
        var nils = Person(Guid.NewGuid(), "Nils Ek", "Nils.Ek@pitea.example");

        var agenda = await _app.Get<PlanOverviewService>().AgendaAsync(nils, _ => throw new InvalidOperationException("The actor's address is known."), 8, default);
        var byEmail = (await Activities.ListAsync(nils, DemoPlan.PlanId, ActivityFilter.None, default)).Single(a => a.Value.Id == activity.Value.Id);
        var done = await Activities.ReviseAsync(nils, DemoPlan.PlanId, activity.Value.Id, _ => DetailsOf(byEmail.Value) with { Status = ActivityStatus.Done }, byEmail.ETag, default);

        Assert.Equal("Vårrensning", Assert.Single(agenda!.Lines).Title);
        Assert.Equal(ActivityStatus.Done, done.Value.Status);
    }
}
