using CommPlan.Domain.Activities;
using CommPlan.Domain.Plans;
using static CommPlan.Domain.Tests.TestPlan;

namespace CommPlan.Domain.Tests.Activities;

public sealed class ActivityLateTests
{
    private readonly Plan _plan = TestPlan.Create(2026);

    private Activity WithStatus(ActivityStatus status) =>
        NewActivity(_plan, Details() with { Owner = Anna, Status = status, CompletedOn = status == ActivityStatus.Done ? Day("2026-04-20") : null }, Day("2026-04-30"));

    [Theory]
    [InlineData(ActivityStatus.Planned)]
    [InlineData(ActivityStatus.InProgress)]
    public void Open_activity_past_its_deadline_is_late(ActivityStatus status)
    {
        var activity = WithStatus(status);

        Assert.True(activity.IsLate(Day("2026-05-01")));
    }

    [Theory]
    [InlineData(ActivityStatus.Done)]
    [InlineData(ActivityStatus.Cancelled)]
    public void Done_or_cancelled_activity_is_never_late(ActivityStatus status)
    {
        var activity = WithStatus(status);

        Assert.False(activity.IsLate(Day("2026-05-01")));
        Assert.False(activity.IsLate(Day("2026-12-31")));
    }

    [Fact]
    public void Activity_is_not_late_on_its_deadline_day()
    {
        var activity = NewActivity(_plan);

        Assert.Equal(Day("2026-04-30"), activity.Deadline);
        Assert.False(activity.IsLate(Day("2026-04-30")));
        Assert.False(activity.IsLate(Day("2026-03-10")));
    }

    [Fact]
    public void Late_follows_a_deadline_given_after_the_period()
    {
        var activity = NewActivity(_plan, Details() with { Deadline = Day("2026-05-15") });

        Assert.False(activity.IsLate(Day("2026-05-15")));
        Assert.True(activity.IsLate(Day("2026-05-16")));
    }

    [Fact]
    public void Recurring_activity_with_an_open_occurrence_past_due_is_late_before_its_final_deadline()
    {
        var activity = NewActivity(_plan, Details() with { Period = Period.Year(2026), Recurrence = Recurrence.Monthly() });
        var today = Day("2026-03-05");

        Assert.True(activity.Deadline > today);
        Assert.True(activity.IsLate(today));
    }

    [Fact]
    public void Recurring_activity_whose_past_occurrences_are_settled_is_not_late()
    {
        var activity = NewActivity(_plan, Details() with { Owner = Anna, Period = Period.Year(2026), Recurrence = Recurrence.Monthly() });
        var today = Day("2026-03-05");
        activity.ChangeOccurrenceStatus(Day("2026-01-31"), ActivityStatus.Done, today, Day("2026-01-29"));
        activity.ChangeOccurrenceStatus(Day("2026-02-28"), ActivityStatus.Cancelled, today);

        Assert.False(activity.IsLate(today));
        Assert.Equal(Day("2026-03-31"), activity.NextDeadline(today));
    }

    [Fact]
    public void Next_deadline_of_a_one_off_activity_is_its_deadline_until_it_passes()
    {
        var activity = NewActivity(_plan);

        Assert.Equal(Day("2026-04-30"), activity.NextDeadline(Day("2026-04-30")));
        Assert.Null(activity.NextDeadline(Day("2026-05-01")));
    }
}
