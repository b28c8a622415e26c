using CommPlan.Domain.Access;
using CommPlan.Domain.Activities;

namespace CommPlan.Domain.Tests.Access;

public sealed class AccessPolicyTests
{
    private static readonly Guid Tenant = Guid.Parse("2b6f0d4e-1c3a-4e5b-9d7f-8a1b2c3d4e5f");
    private static readonly Guid OtherTenant = Guid.Parse("7e8f9a0b-1c2d-4e3f-8a5b-6c7d8e9f0a1b");
    private static readonly Guid CommunicatorId = Guid.Parse("11111111-1111-4111-8111-111111111111");
    private static readonly Guid ManagerId = Guid.Parse("22222222-2222-4222-8222-222222222222");
    private static readonly Guid OwnerId = Guid.Parse("33333333-3333-4333-8333-333333333333");
    private static readonly Guid ReaderId = Guid.Parse("44444444-4444-4444-8444-444444444444");
    private static readonly Guid CommsGroup = Guid.Parse("55555555-5555-4555-8555-555555555555");
    private static readonly Guid BootstrapId = Guid.Parse("66666666-6666-4666-8666-666666666666");

    private static readonly Owner ActivityOwner = new(OwnerId, "Erik Nilsson", "erik.nilsson@pitea.example");

    private static readonly PlanRoles Roles = PlanRoles.Create(
    [
        new RoleAssignment(CommunicatorId, PrincipalKind.User, PlanRole.Communicator, "Anna Lindqvist"),
        new RoleAssignment(ManagerId, PrincipalKind.User, PlanRole.Manager, "Sara Holm"),
        new RoleAssignment(CommsGroup, PrincipalKind.Group, PlanRole.Communicator, "Kommunikatörer"),
    ]);

    private static readonly AccessPolicy Policy = new(Tenant, []);

    private static Caller Person(Guid id, Guid? tenant = null, string? email = null, params Guid[] groups) =>
        new(id, tenant ?? Tenant, email, groups.ToHashSet());

    public static TheoryData<string, Operation, bool> EveryRoleAgainstEveryOperation()
    {
        // communicator: everything; manager and reader: read; owner: read and report progress on their activity.
        var data = new TheoryData<string, Operation, bool>();
        foreach (var operation in Enum.GetValues<Operation>())
        {
            data.Add("communicator", operation, true);
            data.Add("manager", operation, operation == Operation.ReadPlan);
            data.Add("owner", operation, operation is Operation.ReadPlan or Operation.RecordProgress);
            data.Add("reader", operation, operation == Operation.ReadPlan);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryRoleAgainstEveryOperation))]
    public void Each_role_may_do_exactly_what_the_plan_gives_it(string role, Operation operation, bool allowed)
    {
        var caller = role switch
        {
            "communicator" => Person(CommunicatorId),
            "manager" => Person(ManagerId),
            "owner" => Person(OwnerId),
            _ => Person(ReaderId),
        };

        var decision = Policy.Decide(caller, Roles, operation, ActivityOwner);

        Assert.Equal(allowed, decision.Allowed);
        Assert.Equal(allowed ? null : operation == Operation.RecordProgress ? RefusalReason.OwnerOrCommunicatorOnly : RefusalReason.CommunicatorsOnly,
            decision.Reason);
    }

    [Theory]
    [InlineData("communicator", PlanRole.Communicator)]
    [InlineData("manager", PlanRole.Manager)]
    [InlineData("reader", PlanRole.Reader)]
    public void The_role_in_the_plan_is_the_highest_assigned_and_reader_otherwise(string who, PlanRole expected)
    {
        var id = who switch { "communicator" => CommunicatorId, "manager" => ManagerId, _ => ReaderId };

        Assert.Equal(expected, Policy.RoleOf(Person(id), Roles));
    }

    [Fact]
    public void An_owner_reports_progress_only_on_the_activities_they_own()
    {
        var someoneElses = new Owner(ReaderId, "Maria Öberg");

        var decision = Policy.Decide(Person(OwnerId), Roles, Operation.RecordProgress, someoneElses);

        Assert.False(decision.Allowed);
        Assert.Equal(RefusalReason.OwnerOrCommunicatorOnly, decision.Reason);
        Assert.False(Policy.Decide(Person(OwnerId), Roles, Operation.RecordProgress, null).Allowed);
    }

    [Theory]
    [InlineData(Operation.ReadPlan)]
    [InlineData(Operation.EditActivity)]
    [InlineData(Operation.ManageRoles)]
    public void A_caller_from_another_tenant_is_refused_everything_even_as_communicator(Operation operation)
    {
        var decision = Policy.Decide(Person(CommunicatorId, OtherTenant), Roles, operation, ActivityOwner);

        Assert.False(decision.Allowed);
        Assert.Equal(RefusalReason.OtherTenant, decision.Reason);
    }

    [Fact]
    public void A_caller_without_a_tenant_is_refused_when_the_organisation_has_one_and_read_when_it_has_none()
    {
        var noTenant = new Caller(ReaderId, null, null, new HashSet<Guid>());

        Assert.Equal(RefusalReason.OtherTenant, Policy.Decide(noTenant, Roles, Operation.ReadPlan).Reason);
        Assert.True(new AccessPolicy(null, []).Decide(noTenant, Roles, Operation.ReadPlan).Allowed);
        Assert.True(new AccessPolicy(null, []).Decide(Person(CommunicatorId, OtherTenant), Roles, Operation.ManageRoles).Allowed);
    }

    [Fact]
    public void A_member_of_a_group_given_the_communicator_role_is_a_communicator()
    {
        var member = Person(ReaderId, groups: CommsGroup);

        Assert.Equal(PlanRole.Communicator, Policy.RoleOf(member, Roles));
        Assert.True(Policy.Decide(member, Roles, Operation.ApprovePressRelease).Allowed);
        Assert.False(Policy.Decide(Person(ReaderId, groups: Guid.NewGuid()), Roles, Operation.ApprovePressRelease).Allowed);
    }

    [Fact]
    public void A_user_id_is_not_taken_for_a_group_nor_a_group_id_for_a_user()
    {
        // The group's id as a person's object id gives nothing; the user's id as a group membership neither.
        Assert.Equal(PlanRole.Reader, Policy.RoleOf(Person(CommsGroup), Roles));
        Assert.Equal(PlanRole.Reader, Policy.RoleOf(Person(ReaderId, groups: CommunicatorId), Roles));
    }

    [Fact]
    public void A_bootstrap_communicator_by_user_or_group_is_communicator_of_a_plan_without_roles()
    {
        var bootstrapGroup = Guid.NewGuid();
        var policy = new AccessPolicy(Tenant, [BootstrapId, bootstrapGroup]);

        Assert.True(policy.Decide(Person(BootstrapId), PlanRoles.Empty, Operation.ManageRoles).Allowed);
        Assert.True(policy.Decide(Person(ReaderId, groups: bootstrapGroup), PlanRoles.Empty, Operation.ManagePlanSettings).Allowed);
        Assert.False(policy.Decide(Person(ReaderId), PlanRoles.Empty, Operation.ManageRoles).Allowed);
        Assert.False(policy.Decide(Person(BootstrapId, OtherTenant), PlanRoles.Empty, Operation.ManageRoles).Allowed);
    }

    [Fact]
    public void The_groups_worth_asking_about_are_the_plans_group_assignments_and_the_bootstrap_ids()
    {
        var policy = new AccessPolicy(Tenant, [BootstrapId]);

        Assert.Equal(new[] { CommsGroup, BootstrapId }.Order(), policy.GroupsThatMatter(Roles).Order());
    }

    [Theory]
    [InlineData("Erik.Nilsson@Pitea.example", true)]
    [InlineData(" erik.nilsson@pitea.example ", true)]
    [InlineData("erik@pitea.example", false)]
    [InlineData(null, false)]
    public void An_owner_given_by_e_mail_alone_is_the_caller_with_that_address_in_any_case(string? callerEmail, bool owns)
    {
        var byEmail = new Owner(null, "Erik Nilsson", "erik.nilsson@pitea.example");

        var decision = Policy.Decide(Person(ReaderId, email: callerEmail), Roles, Operation.RecordProgress, byEmail);

        Assert.Equal(owns, decision.Allowed);
        Assert.Equal(owns ? PlanRole.Owner : PlanRole.Reader, decision.Role);
    }

    [Fact]
    public void An_owner_with_an_object_id_is_not_matched_by_e_mail()
    {
        var caller = Person(ReaderId, email: "erik.nilsson@pitea.example");

        Assert.False(Policy.Decide(caller, Roles, Operation.RecordProgress, ActivityOwner).Allowed);
    }
}
