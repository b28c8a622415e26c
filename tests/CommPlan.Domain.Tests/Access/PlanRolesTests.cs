using CommPlan.Domain.Access;
using CommPlan.Domain.Common;
using static CommPlan.Domain.Tests.TestPlan;

namespace CommPlan.Domain.Tests.Access;

public sealed class PlanRolesTests
{
    private static readonly Guid Anna = Guid.Parse("6f1c7a52-0d3e-4c8e-9a41-2b7d3e5a1c01");
    private static readonly Guid Sara = Guid.Parse("bd5a7e96-4172-40c1-9e85-6fb07c9e5a05");

    private static RoleAssignment Communicator(Guid id, string name = "Anna Lindqvist") => new(id, PrincipalKind.User, PlanRole.Communicator, name);

    [Fact]
    public void A_valid_list_keeps_its_assignments_with_trimmed_names()
    {
        var roles = PlanRoles.Create([Communicator(Anna, "  Anna Lindqvist "), new(Sara, PrincipalKind.User, PlanRole.Manager, "Sara Holm")]);

        Assert.Equal(2, roles.Assignments.Count);
        Assert.Equal("Anna Lindqvist", roles.Assignments[0].DisplayName);
    }

    [Fact]
    public void Every_broken_rule_is_reported_with_a_stable_code()
    {
        var errors = Errors(() => PlanRoles.Create(
        [
            Communicator(Guid.Empty),
            new(Anna, PrincipalKind.User, PlanRole.Owner, "Anna"),
            new(Anna, PrincipalKind.User, PlanRole.Reader, "Anna"),
            new(Anna, (PrincipalKind)7, PlanRole.Manager, "Anna"),
            new(Sara, PrincipalKind.User, (PlanRole)9, ""),
        ]));

        AssertErrors(errors,
            ("roles[0].principalId", ErrorCodes.Required),
            ("roles[1].role", ErrorCodes.NotAssignable),
            ("roles[2].role", ErrorCodes.NotAssignable),
            ("roles[3].kind", ErrorCodes.Unparseable),
            ("roles[4].role", ErrorCodes.Unparseable),
            ("roles[4].displayName", ErrorCodes.Required));
    }

    [Fact]
    public void The_same_principal_in_the_same_role_twice_is_a_duplicate_but_in_two_roles_is_not()
    {
        var twoRoles = PlanRoles.Create([Communicator(Anna), new(Anna, PrincipalKind.User, PlanRole.Manager, "Anna")]);

        Assert.Equal(2, twoRoles.Assignments.Count);
        Assert.Equal(("roles[2]", ErrorCodes.Duplicate), SingleError(() => twoRoles.Add(Communicator(Anna, "Anna L."))));
    }

    [Fact]
    public void The_list_is_bounded()
    {
        var many = Enumerable.Range(0, PlanRoles.MaxAssignments + 1).Select(_ => Communicator(Guid.NewGuid()));

        Assert.Equal(("roles", ErrorCodes.TooMany), SingleError(() => PlanRoles.Create(many)));
    }

    [Fact]
    public void The_last_communicator_stays_unless_bootstrap_communicators_exist()
    {
        var roles = PlanRoles.Create([Communicator(Anna), new(Sara, PrincipalKind.User, PlanRole.Manager, "Sara Holm")]);

        Assert.Equal(("role", ErrorCodes.LastCommunicator), SingleError(() => roles.Remove(Anna, PlanRole.Communicator, bootstrapCommunicatorsExist: false)));
        Assert.Single(roles.Remove(Anna, PlanRole.Communicator, bootstrapCommunicatorsExist: true).Assignments);
        Assert.Single(roles.Remove(Sara, PlanRole.Manager, bootstrapCommunicatorsExist: false).Assignments);
    }

    [Fact]
    public void A_communicator_can_go_while_another_remains()
    {
        var roles = PlanRoles.Create([Communicator(Anna), Communicator(Sara, "Sara Holm")]);

        var left = roles.Remove(Anna, PlanRole.Communicator, bootstrapCommunicatorsExist: false);

        Assert.Equal(Sara, Assert.Single(left.Assignments).PrincipalId);
    }

    [Fact]
    public void Removing_an_assignment_that_is_not_there_names_the_principal()
    {
        var roles = PlanRoles.Create([Communicator(Anna)]);

        Assert.Equal(("principalId", ErrorCodes.UnknownReference), SingleError(() => roles.Remove(Anna, PlanRole.Manager, true)));
    }
}
