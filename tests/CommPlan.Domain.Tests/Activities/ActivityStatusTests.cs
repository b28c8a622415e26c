using CommPlan.Domain.Activities;
using CommPlan.Domain.Common;
using CommPlan.Domain.Plans;
using static CommPlan.Domain.Tests.TestPlan;

namespace CommPlan.Domain.Tests.Activities;

public sealed class ActivityStatusTests
{
    private readonly Plan _plan = TestPlan.Create(2026);

    private Activity Owned(ActivityStatus status = ActivityStatus.Planned, DateOnly? completedOn = null) =>
        NewActivity(_plan, Details() with { Owner = Anna, Status = status, CompletedOn = completedOn });

    [Fact]
    public void Done_without_a_date_is_completed_today()
    {
        var activity = Owned(ActivityStatus.Done);

        Assert.Equal(ActivityStatus.Done, activity.Status);
        Assert.Equal(Today, activity.CompletedOn);
    }

    [Fact]
    public void Done_keeps_the_given_completion_date()
    {
        Assert.Equal(Day("2026-04-28"), Owned(ActivityStatus.Done, Day("2026-04-28")).CompletedOn);
    }

    [Fact]
    public void ChangeStatus_to_done_sets_the_completion_date()
    {
        var activity = Owned(ActivityStatus.InProgress);

        activity.ChangeStatus(ActivityStatus.Done, Today, Day("2026-06-01"));

        Assert.Equal(ActivityStatus.Done, activity.Status);
        Assert.Equal(Day("2026-06-01"), activity.CompletedOn);
    }

    [Fact]
    public void ChangeStatus_to_done_in_the_future_is_refused()
    {
        var activity = Owned(ActivityStatus.InProgress);

        Assert.Equal(("completedOn", ErrorCodes.CompletionInFuture),
            SingleError(() => activity.ChangeStatus(ActivityStatus.Done, Today, Today.AddDays(3))));
        Assert.Equal(ActivityStatus.InProgress, activity.Status);
        Assert.Null(activity.CompletedOn);
    }

    [Fact]
    public void Done_activity_revised_as_done_with_another_date_keeps_its_completion_date()
    {
        var activity = Owned(ActivityStatus.Done, Day("2026-05-02"));

        activity.Revise(_plan, Details() with { Owner = Anna, Status = ActivityStatus.Done, CompletedOn = Day("2026-06-10") }, Today);

        Assert.Equal(ActivityStatus.Done, activity.Status);
        Assert.Equal(Day("2026-05-02"), activity.CompletedOn);
    }

    [Fact]
    public void Done_activity_marked_done_again_keeps_its_completion_date()
    {
        var activity = Owned(ActivityStatus.Done, Day("2026-05-02"));

        activity.ChangeStatus(ActivityStatus.Done, Today, Day("2026-06-12"));
        activity.ChangeStatus(ActivityStatus.Done, Today.AddDays(10));

        Assert.Equal(Day("2026-05-02"), activity.CompletedOn);
    }

    [Fact]
    public void Reopening_a_done_activity_clears_its_completion_date()
    {
        var activity = Owned(ActivityStatus.Done, Day("2026-05-02"));

        activity.ChangeStatus(ActivityStatus.InProgress, Today);

        Assert.Equal(ActivityStatus.InProgress, activity.Status);
        Assert.Null(activity.CompletedOn);
    }

    [Fact]
    public void Reopening_by_revision_clears_the_completion_date_and_a_new_done_takes_the_new_date()
    {
        var activity = Owned(ActivityStatus.Done, Day("2026-05-02"));

        activity.Revise(_plan, Details() with { Owner = Anna, Status = ActivityStatus.Planned }, Today);
        Assert.Null(activity.CompletedOn);

        activity.ChangeStatus(ActivityStatus.Done, Today, Day("2026-06-14"));
        Assert.Equal(Day("2026-06-14"), activity.CompletedOn);
    }

    [Theory]
    [InlineData(ActivityStatus.InProgress)]
    [InlineData(ActivityStatus.Done)]
    public void Cancelled_activity_cannot_be_taken_up_directly(ActivityStatus status)
    {
        var activity = Owned(ActivityStatus.Cancelled);

        Assert.Equal(("status", ErrorCodes.InvalidTransition), SingleError(() => activity.ChangeStatus(status, Today)));
        Assert.Equal(ActivityStatus.Cancelled, activity.Status);
        Assert.Null(activity.CompletedOn);
    }

    [Fact]
    public void Cancelled_activity_cannot_be_revised_into_progress()
    {
        var activity = Owned(ActivityStatus.Cancelled);

        Assert.Equal(("status", ErrorCodes.InvalidTransition),
            SingleError(() => activity.Revise(_plan, Details() with { Owner = Anna, Status = ActivityStatus.InProgress }, Today)));
    }

    [Fact]
    public void Cancelled_activity_can_be_planned_again_and_then_taken_up()
    {
        var activity = Owned(ActivityStatus.Cancelled);

        activity.ChangeStatus(ActivityStatus.Planned, Today);
        Assert.Equal(ActivityStatus.Planned, activity.Status);

        activity.ChangeStatus(ActivityStatus.InProgress, Today);
        Assert.Equal(ActivityStatus.InProgress, activity.Status);
    }

    [Fact]
    public void ChangeStatus_to_in_progress_needs_an_owner()
    {
        var activity = NewActivity(_plan);

        Assert.Equal(("owner", ErrorCodes.OwnerRequired), SingleError(() => activity.ChangeStatus(ActivityStatus.InProgress, Today)));
        Assert.Equal(ActivityStatus.Planned, activity.Status);
    }

    [Fact]
    public void Removing_the_owner_of_an_activity_under_way_is_refused()
    {
        var activity = Owned(ActivityStatus.InProgress);

        Assert.Equal(("owner", ErrorCodes.OwnerRequired), SingleError(() => activity.Revise(_plan, Details(), Today)));
        Assert.Equal(Anna, activity.Owner);
    }

    [Theory]
    [InlineData(ActivityStatus.Planned)]
    [InlineData(ActivityStatus.InProgress)]
    [InlineData(ActivityStatus.Cancelled)]
    public void Revise_without_a_status_keeps_the_current_status(ActivityStatus status)
    {
        var activity = Owned(status);

        activity.Revise(_plan, Details() with { Owner = Anna, Title = "Ny titel", Status = null }, Today);

        Assert.Equal(status, activity.Status);
        Assert.Equal("Ny titel", activity.Title);
    }

    [Fact]
    public void Revise_without_a_status_keeps_a_done_activity_done_with_its_date()
    {
        var activity = Owned(ActivityStatus.Done, Day("2026-05-02"));

        activity.Revise(_plan, Details() with { Owner = Anna, Status = null }, Today);

        Assert.Equal(ActivityStatus.Done, activity.Status);
        Assert.Equal(Day("2026-05-02"), activity.CompletedOn);
    }
}
