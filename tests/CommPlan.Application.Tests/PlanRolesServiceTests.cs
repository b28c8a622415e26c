using CommPlan.Application.Access;
using CommPlan.Application.Demo;
using CommPlan.Domain.Access;
using CommPlan.Domain.Common;
using static CommPlan.Application.Tests.AppUnderTest;

namespace CommPlan.Application.Tests;

/// <summary>Communicators hand out and take back roles; every change quotes the version it was made from.</summary>
public sealed class PlanRolesServiceTests
{
    private static RoleAssignment ManagerRole(Guid id, string name) => new(id, PrincipalKind.User, PlanRole.Manager, name);

    [Fact]
    public async Task The_demo_plan_starts_with_the_dev_user_as_communicator_and_a_manager()
    {
        await using var app = await StartAsync();

        var roles = await app.Get<PlanRolesService>().ListAsync(Anna, DemoPlan.PlanId, default);

        Assert.Equal([PlanRole.Communicator, PlanRole.Manager], roles.Value.Assignments.Select(a => a.Role));
        Assert.Equal(PlanRole.Communicator, (await app.Get<AccessGate>().ForPlanAsync(Anna, DemoPlan.PlanId, default)).Role);
        Assert.Equal(PlanRole.Reader, (await app.Get<AccessGate>().ForPlanAsync(Maria, DemoPlan.PlanId, default)).Role);
    }

    [Fact]
    public async Task A_communicator_gives_and_takes_back_a_role_and_the_new_manager_cannot_manage_roles()
    {
        await using var app = await StartAsync();
        var service = app.Get<PlanRolesService>();
        var current = await service.ListAsync(Anna, DemoPlan.PlanId, default);

        var added = await service.AddAsync(Anna, DemoPlan.PlanId, ManagerRole(Erik.ObjectId, "Erik Nilsson"), current.ETag, default);
        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => service.ListAsync(Erik, DemoPlan.PlanId, default));
        var removed = await service.RemoveAsync(Anna, DemoPlan.PlanId, Erik.ObjectId, PlanRole.Manager, added.ETag, default);

        Assert.Contains(added.Value.Assignments, a => a.PrincipalId == Erik.ObjectId);
        Assert.Equal(Operation.ManageRoles, refused.Operation);
        Assert.DoesNotContain(removed.Value.Assignments, a => a.PrincipalId == Erik.ObjectId);
    }

    [Fact]
    public async Task A_change_from_a_stale_version_is_a_conflict_and_one_without_a_version_is_refused()
    {
        await using var app = await StartAsync();
        var service = app.Get<PlanRolesService>();
        var read = await service.ListAsync(Anna, DemoPlan.PlanId, default);
        await service.AddAsync(Anna, DemoPlan.PlanId, ManagerRole(Erik.ObjectId, "Erik Nilsson"), read.ETag, default);

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            service.AddAsync(Anna, DemoPlan.PlanId, ManagerRole(Maria.ObjectId, "Maria Öberg"), read.ETag, default));
        await Assert.ThrowsAsync<PreconditionRequiredException>(() =>
            service.AddAsync(Anna, DemoPlan.PlanId, ManagerRole(Maria.ObjectId, "Maria Öberg"), null, default));

        Assert.NotEqual(read.ETag, conflict.CurrentETag);
    }

    [Fact]
    public async Task The_last_communicator_stays_without_bootstrap_communicators_and_may_go_with_them()
    {
        await using var strict = await StartAsync();
        var read = await strict.Get<PlanRolesService>().ListAsync(Anna, DemoPlan.PlanId, default);
        var error = await Assert.ThrowsAsync<DomainValidationException>(() =>
            strict.Get<PlanRolesService>().RemoveAsync(Anna, DemoPlan.PlanId, Anna.ObjectId, PlanRole.Communicator, read.ETag, default));
        Assert.Equal(ErrorCodes.LastCommunicator, Assert.Single(error.Errors).Code);

        var bootstrap = Guid.NewGuid();
        await using var relaxed = await StartAsync(bootstrap);
        var service = relaxed.Get<PlanRolesService>();
        var before = await service.ListAsync(Anna, DemoPlan.PlanId, default);
        await service.RemoveAsync(Anna, DemoPlan.PlanId, Anna.ObjectId, PlanRole.Communicator, before.ETag, default);
        var byBootstrap = await service.ListAsync(Person(bootstrap, "Första kommunikatören"), DemoPlan.PlanId, default);

        Assert.DoesNotContain(byBootstrap.Value.Assignments, a => a.Role == PlanRole.Communicator);
        await Assert.ThrowsAsync<AccessDeniedException>(() => service.ListAsync(Anna, DemoPlan.PlanId, default));
    }

    [Fact]
    public async Task An_invalid_assignment_is_reported_with_its_code_and_nothing_changes()
    {
        await using var app = await StartAsync();
        var service = app.Get<PlanRolesService>();
        var read = await service.ListAsync(Anna, DemoPlan.PlanId, default);

        var error = await Assert.ThrowsAsync<DomainValidationException>(() =>
            service.AddAsync(Anna, DemoPlan.PlanId, new RoleAssignment(Erik.ObjectId, PrincipalKind.User, PlanRole.Owner, "Erik"), read.ETag, default));

        Assert.Equal(ErrorCodes.NotAssignable, Assert.Single(error.Errors).Code);
        Assert.Equal(read.ETag, (await service.ListAsync(Anna, DemoPlan.PlanId, default)).ETag);
    }
}
