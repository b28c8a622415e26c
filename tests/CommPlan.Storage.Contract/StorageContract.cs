using CommPlan.Application;
using CommPlan.Application.Demo;
using CommPlan.Application.Storage;
using CommPlan.Domain.Access;
using CommPlan.Domain.Activities;
using CommPlan.Domain.Plans;

namespace CommPlan.Storage.Contract;

/// <summary>The stores under test and whatever must be disposed after.</summary>
public sealed record StoresUnderTest(IPlanStore Plans, IActivityStore Activities, IDocumentStore Documents, IAsyncDisposable Owner);

/// <summary>
/// What every storage adapter must do, whatever it stores into. Each adapter's test class derives from this and
/// supplies fresh, empty stores; the same facts must hold for SQLite and for SharePoint.
/// </summary>
public abstract class StorageContract : IAsyncLifetime
{
    private static readonly DateOnly Today = new(2026, 6, 15);
    private StoresUnderTest _stores = null!;

    protected abstract Task<StoresUnderTest> CreateStoresAsync();

    protected IPlanStore Plans => _stores.Plans;
    protected IActivityStore Activities => _stores.Activities;
    protected IDocumentStore Documents => _stores.Documents;

    public async Task InitializeAsync() => _stores = await CreateStoresAsync();

    public async Task DisposeAsync() => await _stores.Owner.DisposeAsync();

    private async Task<Plan> SavedDemoPlanAsync()
    {
        var plan = DemoPlan.BuildPlan(2026);
        await Plans.SaveAsync(plan, default);
        return plan;
    }

    private static Activity NewActivity(Plan plan, string title = "Vårrensning", Recurrence? recurrence = null) =>
        Activity.Create(Guid.NewGuid(), plan, new ActivityDetails
        {
            Title = title,
            UnitKey = "repris",
            Period = recurrence is null ? Period.Month(2026, 5) : Period.Year(2026),
            Recurrence = recurrence,
            Channels = ["annons", "facebook"],
            TargetGroups = ["allmanhet"],
            Goals = ["intresse"],
            Owner = DemoPlan.SecondHandShop,
            FollowUpMetric = "Antal besökare",
        }, Today);

    [Fact]
    public async Task A_saved_plan_reads_back_with_its_vocabularies()
    {
        var plan = await SavedDemoPlanAsync();

        var read = await Plans.GetAsync(plan.Id, default);

        Assert.NotNull(read);
        Assert.Equal(plan.Title, read.Title);
        Assert.Equal(plan.Year, read.Year);
        Assert.Equal(plan.Goals, read.Goals);
        Assert.Equal(plan.TargetGroups, read.TargetGroups);
        Assert.Equal(plan.Channels, read.Channels);
        Assert.Equal(plan.Units, read.Units);
        Assert.Single(await Plans.ListAsync(default));
    }

    [Fact]
    public async Task A_new_plan_has_no_roles_and_its_roles_read_back_as_saved()
    {
        var plan = await SavedDemoPlanAsync();
        var group = Guid.Parse("5e0c2a1b-3d4f-4a6b-8c9d-0e1f2a3b4c5d");
        var fresh = await Plans.GetRolesAsync(plan.Id, default);
        Assert.NotNull(fresh);
        Assert.Empty(fresh.Value.Assignments);
        var roles = DemoPlan.Roles.Add(new RoleAssignment(group, PrincipalKind.Group, PlanRole.Communicator, "Kommunikatörer"));

        var saved = await Plans.SaveRolesAsync(plan.Id, roles, fresh.ETag, default);

        var read = await Plans.GetRolesAsync(plan.Id, default);
        Assert.Equal(roles.Assignments, read!.Value.Assignments);
        Assert.Equal(saved.ETag, read.ETag);
        Assert.NotEqual(fresh.ETag, saved.ETag);
        Assert.Equal(plan.Title, (await Plans.GetAsync(plan.Id, default))!.Title);
        Assert.Null(await Plans.GetRolesAsync(Guid.NewGuid(), default));
    }

    [Fact]
    public async Task A_role_change_from_a_stale_version_is_a_conflict_and_changes_nothing()
    {
        var plan = await SavedDemoPlanAsync();
        var fresh = (await Plans.GetRolesAsync(plan.Id, default))!;
        var first = await Plans.SaveRolesAsync(plan.Id, DemoPlan.Roles, fresh.ETag, default);

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Plans.SaveRolesAsync(plan.Id, PlanRoles.Empty, fresh.ETag, default));

        Assert.Equal(first.ETag, conflict.CurrentETag);
        Assert.Equal(DemoPlan.Roles.Assignments, (await Plans.GetRolesAsync(plan.Id, default))!.Value.Assignments);
        await Assert.ThrowsAsync<NotFoundException>(() => Plans.SaveRolesAsync(Guid.NewGuid(), PlanRoles.Empty, first.ETag, default));
    }

    [Fact]
    public async Task Saving_the_plan_again_keeps_its_roles()
    {
        var plan = await SavedDemoPlanAsync();
        await Plans.SaveRolesAsync(plan.Id, DemoPlan.Roles, (await Plans.GetRolesAsync(plan.Id, default))!.ETag, default);

        await Plans.SaveAsync(plan, default);

        Assert.Equal(DemoPlan.Roles.Assignments, (await Plans.GetRolesAsync(plan.Id, default))!.Value.Assignments);
    }

    [Fact]
    public async Task Saving_a_plan_again_replaces_it()
    {
        var plan = await SavedDemoPlanAsync();
        var renamed = Plan.Create(plan.Id, plan.Year, plan.Organisation, plan.Department, "Ny titel", plan.Goals,
            plan.TargetGroups, plan.Channels, plan.Units.Append(new Unit("ny", "Ny verksamhet")));

        await Plans.SaveAsync(renamed, default);

        var read = await Plans.GetAsync(plan.Id, default);
        Assert.Equal("Ny titel", read!.Title);
        Assert.Contains(read.Units, u => u.Key == "ny");
        Assert.Single(await Plans.ListAsync(default));
    }

    [Fact]
    public async Task An_unknown_plan_reads_as_null()
    {
        Assert.Null(await Plans.GetAsync(Guid.NewGuid(), default));
        Assert.Empty(await Plans.ListAsync(default));
    }

    [Fact]
    public async Task An_added_activity_reads_back_whole()
    {
        var plan = await SavedDemoPlanAsync();
        var activity = NewActivity(plan, "Pitekvarten", Recurrence.TimesPerYear(4));
        activity.ChangeOccurrenceStatus(new DateOnly(2026, 3, 31), ActivityStatus.Done, Today, new DateOnly(2026, 3, 30));
        activity.RecordFigure(new FollowUpFigure(new DateOnly(2026, 4, 2), 412.5m, "Vårnumret"), Today);

        var added = await Activities.AddAsync(activity, default);
        var read = await Activities.GetAsync(plan.Id, activity.Id, default);

        Assert.NotNull(read);
        Assert.Equal(added.ETag, read.ETag);
        AssertSame(activity.ToSnapshot(), read.Value.ToSnapshot());
    }

    [Fact]
    public async Task An_owner_known_only_by_e_mail_reads_back_as_such()
    {
        var plan = await SavedDemoPlanAsync();
        var activity = Activity.FromSnapshot(NewActivity(plan).ToSnapshot() with { Owner = new Owner(null, "Kim Lundgren", "kim.lundgren@pitea.example") });

        await Activities.AddAsync(activity, default);

        Assert.Equal(new Owner(null, "Kim Lundgren", "kim.lundgren@pitea.example"), (await Activities.GetAsync(plan.Id, activity.Id, default))!.Value.Owner);
        Assert.Equal(DemoPlan.SecondHandShop, (await Activities.AddAsync(NewActivity(plan, "Med ägare"), default)).Value.Owner);
    }

    [Fact]
    public async Task Activities_are_listed_per_plan()
    {
        var plan = await SavedDemoPlanAsync();
        var other = Plan.Create(Guid.NewGuid(), 2026, "Nyköpings kommun", "Kommunikation", "Plan 2026", plan.Goals, plan.TargetGroups, plan.Channels, plan.Units);
        await Plans.SaveAsync(other, default);
        await Activities.AddAsync(NewActivity(plan, "A"), default);
        await Activities.AddAsync(NewActivity(plan, "B"), default);
        await Activities.AddAsync(NewActivity(other, "C"), default);

        var listed = await Activities.ListAsync(plan.Id, default);

        Assert.Equal(["A", "B"], listed.Select(a => a.Value.Title).Order());
        Assert.Null(await Activities.GetAsync(other.Id, listed[0].Value.Id, default));
    }

    [Fact]
    public async Task A_list_read_again_shows_every_change_since_and_hands_out_activities_the_reader_may_change()
    {
        var plan = await SavedDemoPlanAsync();
        var kept = await Activities.AddAsync(NewActivity(plan, "A"), default);
        var changed = await Activities.AddAsync(NewActivity(plan, "B"), default);
        var deleted = await Activities.AddAsync(NewActivity(plan, "C"), default);
        var first = await Activities.ListAsync(plan.Id, default);
        first.Single(a => a.Value.Id == kept.Value.Id).Value.ChangeStatus(ActivityStatus.Cancelled, Today); // not saved
        Assert.Equal(first.Select(a => (a.Value.Title, a.ETag)).Order(), (await Activities.ListAsync(plan.Id, default)).Select(a => (a.Value.Title, a.ETag)).Order());

        var activity = changed.Value;
        activity.ChangeStatus(ActivityStatus.InProgress, Today);
        var updated = await Activities.UpdateAsync(activity, changed.ETag, default);
        await Activities.DeleteAsync(plan.Id, deleted.Value.Id, deleted.ETag, default);
        await Activities.AddAsync(NewActivity(plan, "D"), default);
        var again = await Activities.ListAsync(plan.Id, default);

        Assert.Equal(["A", "B", "D"], again.Select(a => a.Value.Title).Order());
        Assert.Equal(ActivityStatus.Planned, again.Single(a => a.Value.Id == kept.Value.Id).Value.Status);
        Assert.Equal(kept.ETag, again.Single(a => a.Value.Id == kept.Value.Id).ETag);
        var b = again.Single(a => a.Value.Id == changed.Value.Id);
        Assert.Equal(ActivityStatus.InProgress, b.Value.Status);
        Assert.Equal(updated.ETag, b.ETag);
    }

    [Fact]
    public async Task An_update_with_the_current_etag_is_stored_and_gets_a_new_etag()
    {
        var plan = await SavedDemoPlanAsync();
        var added = await Activities.AddAsync(NewActivity(plan), default);
        var activity = added.Value;
        activity.ChangeStatus(ActivityStatus.InProgress, Today);

        var updated = await Activities.UpdateAsync(activity, added.ETag, default);

        Assert.NotEqual(added.ETag, updated.ETag);
        var read = await Activities.GetAsync(plan.Id, activity.Id, default);
        Assert.Equal(ActivityStatus.InProgress, read!.Value.Status);
        Assert.Equal(updated.ETag, read.ETag);
    }

    [Fact]
    public async Task An_update_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        var plan = await SavedDemoPlanAsync();
        var added = await Activities.AddAsync(NewActivity(plan), default);
        var first = (await Activities.GetAsync(plan.Id, added.Value.Id, default))!;
        first.Value.ChangeStatus(ActivityStatus.InProgress, Today);
        await Activities.UpdateAsync(first.Value, added.ETag, default);

        var second = added.Value;
        second.ChangeStatus(ActivityStatus.Cancelled, Today);
        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Activities.UpdateAsync(second, added.ETag, default));

        var current = (await Activities.GetAsync(plan.Id, added.Value.Id, default))!;
        Assert.Equal(ActivityStatus.InProgress, current.Value.Status);
        Assert.Equal(current.ETag, conflict.CurrentETag);
    }

    [Fact]
    public async Task Updating_or_deleting_a_missing_activity_says_not_found()
    {
        var plan = await SavedDemoPlanAsync();
        var ghost = NewActivity(plan);

        await Assert.ThrowsAsync<NotFoundException>(() => Activities.UpdateAsync(ghost, "\"1\"", default));
        await Assert.ThrowsAsync<NotFoundException>(() => Activities.DeleteAsync(plan.Id, ghost.Id, "\"1\"", default));
    }

    [Fact]
    public async Task A_delete_needs_the_current_etag()
    {
        var plan = await SavedDemoPlanAsync();
        var added = await Activities.AddAsync(NewActivity(plan), default);
        added.Value.ChangeStatus(ActivityStatus.InProgress, Today);
        var updated = await Activities.UpdateAsync(added.Value, added.ETag, default);

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Activities.DeleteAsync(plan.Id, added.Value.Id, added.ETag, default));
        Assert.Equal(updated.ETag, conflict.CurrentETag);
        Assert.NotNull(await Activities.GetAsync(plan.Id, added.Value.Id, default));

        await Activities.DeleteAsync(plan.Id, added.Value.Id, updated.ETag, default);
        Assert.Null(await Activities.GetAsync(plan.Id, added.Value.Id, default));
    }

    [Fact]
    public async Task Adding_an_existing_id_is_refused()
    {
        var plan = await SavedDemoPlanAsync();
        var activity = NewActivity(plan);
        await Activities.AddAsync(activity, default);

        await Assert.ThrowsAsync<DuplicateException>(() => Activities.AddAsync(activity, default));
        Assert.Single(await Activities.ListAsync(plan.Id, default));
    }

    [Fact]
    public async Task A_bulk_add_is_all_or_nothing()
    {
        var plan = await SavedDemoPlanAsync();
        var existing = NewActivity(plan, "Finns redan");
        await Activities.AddAsync(existing, default);

        var batch = new[] { NewActivity(plan, "Ny 1"), NewActivity(plan, "Ny 2"), existing };
        await Assert.ThrowsAsync<DuplicateException>(() => Activities.AddRangeAsync(batch, default));

        Assert.Equal(["Finns redan"], (await Activities.ListAsync(plan.Id, default)).Select(a => a.Value.Title));
    }

    [Fact]
    public async Task The_whole_demo_plan_round_trips()
    {
        var plan = await SavedDemoPlanAsync();
        var activities = DemoPlan.BuildActivities(plan, Today);

        await Activities.AddRangeAsync(activities.ToArray(), default);

        var read = (await Activities.ListAsync(plan.Id, default)).ToDictionary(a => a.Value.Id, a => a.Value);
        Assert.Equal(activities.Count, read.Count);
        foreach (var a in activities) AssertSame(a.ToSnapshot(), read[a.Id].ToSnapshot());
    }

    [Fact]
    public async Task A_document_is_saved_read_listed_replaced_and_deleted()
    {
        await Documents.SaveAsync("plans", "plan-2026.docx", new MemoryStream([1, 2, 3]), DocumentMetadata.None, default);
        var replaced = await Documents.SaveAsync("plans", "plan-2026.docx", new MemoryStream([4, 5, 6, 7]), DocumentMetadata.None, default);

        await using (var read = await Documents.OpenAsync("plans", "plan-2026.docx", default))
        {
            Assert.NotNull(read);
            using var copy = new MemoryStream();
            await read.CopyToAsync(copy);
            Assert.Equal([4, 5, 6, 7], copy.ToArray());
        }
        var listed = Assert.Single(await Documents.ListAsync("plans", default));
        Assert.Equal(("plan-2026.docx", 4L), (listed.Name, listed.Size));
        Assert.Equal(replaced.ETag, listed.ETag);

        Assert.True(await Documents.DeleteAsync("plans", "plan-2026.docx", default));
        Assert.False(await Documents.DeleteAsync("plans", "plan-2026.docx", default));
        Assert.Null(await Documents.OpenAsync("plans", "plan-2026.docx", default));
        Assert.Empty(await Documents.ListAsync("plans", default));
    }

    [Fact]
    public async Task A_documents_metadata_is_kept_with_it_and_replaced_with_it()
    {
        var plan = Guid.NewGuid();
        var saved = await Documents.SaveAsync("press-releases", "sommarjobb.docx", new MemoryStream([1, 2]), new DocumentMetadata(plan, "ForApproval"), default);
        Assert.Equal(new DocumentMetadata(plan, "ForApproval"), saved.Metadata);
        await Documents.SaveAsync("press-releases", "utan.docx", new MemoryStream([3]), DocumentMetadata.None, default);

        var listed = (await Documents.ListAsync("press-releases", default)).ToDictionary(d => d.Name);
        Assert.Equal(new DocumentMetadata(plan, "ForApproval"), listed["sommarjobb.docx"].Metadata);
        Assert.Equal(DocumentMetadata.None, listed["utan.docx"].Metadata);

        await Documents.SaveAsync("press-releases", "sommarjobb.docx", new MemoryStream([1, 2, 3]), new DocumentMetadata(plan, "Published"), default);
        Assert.Equal("Published", (await Documents.ListAsync("press-releases", default)).Single(d => d.Name == "sommarjobb.docx").Metadata.Status);
        await Assert.ThrowsAsync<ArgumentException>(() => Documents.SaveAsync("press-releases", "lang.docx", new MemoryStream([1]),
            new DocumentMetadata(plan, new string('x', DocumentMetadata.MaxStatusLength + 1)), default));
    }

    [Fact]
    public async Task A_replaced_document_keeps_its_earlier_versions_and_who_made_each()
    {
        var plan = Guid.NewGuid();
        var first = await Documents.SaveAsync("plans", "plan-2026.docx", new MemoryStream([1, 2, 3]), new DocumentMetadata(plan, "Draft", "Anna Lind"), default);
        var second = await Documents.SaveAsync("plans", "plan-2026.docx", new MemoryStream([4, 5, 6, 7]), new DocumentMetadata(plan, "Adopted", "Bo Ek"), default);

        Assert.Equal("Bo Ek", second.Metadata.ChangedBy);
        Assert.NotEqual(first.Version, second.Version);
        var listed = Assert.Single(await Documents.ListAsync("plans", default));
        Assert.Equal(new DocumentMetadata(plan, "Adopted", "Bo Ek"), listed.Metadata);
        Assert.Equal(second.Version, listed.Version);

        var versions = await Documents.ListVersionsAsync("plans", "plan-2026.docx", default);
        Assert.NotNull(versions);
        Assert.Equal([4L, 3L], versions.Select(v => v.Size));
        Assert.Equal(versions.Count, versions.Select(v => v.Label).Distinct().Count());
        await using (var oldest = await Documents.OpenVersionAsync("plans", "plan-2026.docx", versions[^1].Label, default))
        {
            Assert.NotNull(oldest);
            using var copy = new MemoryStream();
            await oldest.CopyToAsync(copy);
            Assert.Equal([1, 2, 3], copy.ToArray());
        }
        Assert.Null(await Documents.OpenVersionAsync("plans", "plan-2026.docx", "99.0", default));
        Assert.Null(await Documents.ListVersionsAsync("plans", "nothing.docx", default));
        Assert.Null(await Documents.OpenVersionAsync("plans", "nothing.docx", "1.0", default));
    }

    [Theory]
    [InlineData("../escape.docx")]
    [InlineData("sub/dir.docx")]
    [InlineData("..")]
    [InlineData("")]
    public async Task A_document_name_that_is_a_path_is_refused(string name)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Documents.SaveAsync("plans", name, new MemoryStream([1]), DocumentMetadata.None, default));
    }

    private static void AssertSame(ActivitySnapshot expected, ActivitySnapshot actual)
    {
        Assert.Equal(expected with
        {
            Channels = [], TargetGroups = [], Goals = [], Occurrences = [], FollowUpFigures = [],
        }, actual with
        {
            Channels = [], TargetGroups = [], Goals = [], Occurrences = [], FollowUpFigures = [],
        });
        Assert.Equal(expected.Channels, actual.Channels);
        Assert.Equal(expected.TargetGroups, actual.TargetGroups);
        Assert.Equal(expected.Goals, actual.Goals);
        Assert.Equal(expected.Occurrences, actual.Occurrences);
        Assert.Equal(expected.FollowUpFigures, actual.FollowUpFigures);
    }
}
