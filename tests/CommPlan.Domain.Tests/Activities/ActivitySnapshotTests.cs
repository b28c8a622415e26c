using CommPlan.Domain.Activities;
using CommPlan.Domain.Plans;
using static CommPlan.Domain.Tests.TestPlan;

namespace CommPlan.Domain.Tests.Activities;

public sealed class ActivitySnapshotTests
{
    private readonly Plan _plan = TestPlan.Create(2026);

    [Fact]
    public void Recurring_activity_in_progress_survives_a_snapshot_round_trip()
    {
        var activity = NewActivity(_plan, new ActivityDetails
        {
            Title = "Blogginlägg",
            Description = "Ett inlägg i månaden om livet på second hand-butiken",
            UnitKey = "second-hand",
            Period = Period.Months(2026, 2, 11),
            Deadline = Day("2026-12-15"),
            Recurrence = Recurrence.SpecificMonths([3, 6, 9]),
            Channels = ["webb", "facebook", "intranat"],
            TargetGroups = ["unga-vuxna", "invanare"],
            Goals = ["kannedom", "rekrytering"],
            Owner = Anna,
            FollowUpMetric = "Antal läsare",
            Status = ActivityStatus.InProgress,
        });
        activity.ChangeOccurrenceStatus(Day("2026-03-31"), ActivityStatus.Done, Today, Day("2026-03-27"));
        activity.ChangeOccurrenceStatus(Day("2026-06-30"), ActivityStatus.InProgress, Today);
        activity.RecordFigure(new FollowUpFigure(Day("2026-04-01"), 310m, "Mars"), Today);
        activity.RecordFigure(new FollowUpFigure(Day("2026-05-01"), 12.5m, null), Today);
        var snapshot = activity.ToSnapshot();

        var copy = Activity.FromSnapshot(snapshot);

        AssertSameSnapshot(snapshot, copy.ToSnapshot());
        Assert.Equal(activity.IsLate(Day("2026-07-01")), copy.IsLate(Day("2026-07-01")));
        Assert.Equal(activity.NextDeadline(Today), copy.NextDeadline(Today));
    }

    [Fact]
    public void Done_one_off_activity_survives_a_snapshot_round_trip()
    {
        var activity = NewActivity(_plan, Details() with { Owner = Erik, Status = ActivityStatus.Done, CompletedOn = Day("2026-04-12") });
        var snapshot = activity.ToSnapshot();

        AssertSameSnapshot(snapshot, Activity.FromSnapshot(snapshot).ToSnapshot());
    }

    [Fact]
    public void Snapshot_rebuilt_with_an_equal_recurrence_compares_equal()
    {
        var activity = NewActivity(_plan, Details() with { Period = Period.Year(2026), Recurrence = Recurrence.SpecificMonths([5, 10]) });
        var snapshot = activity.ToSnapshot();

        // A storage adapter reads the recurrence back as a new instance.
        var stored = snapshot with { Recurrence = Recurrence.SpecificMonths([5, 10]) };

        AssertSameSnapshot(snapshot, Activity.FromSnapshot(stored).ToSnapshot());
    }

    [Fact]
    public void Rebuilt_activity_keeps_changing_by_the_rules()
    {
        var activity = NewActivity(_plan, Details() with { Owner = Anna, Period = Period.Year(2026), Recurrence = Recurrence.PerTerm() });
        activity.ChangeOccurrenceStatus(Day("2026-06-30"), ActivityStatus.Done, Today, Day("2026-06-10"));

        var copy = Activity.FromSnapshot(activity.ToSnapshot());
        copy.ChangeOccurrenceStatus(Day("2026-12-31"), ActivityStatus.Done, Day("2027-01-05"), Day("2026-12-20"));

        Assert.Equal(ActivityStatus.Done, copy.Status);
        Assert.Equal(Day("2026-12-20"), copy.CompletedOn);
        Assert.Equal(ActivityStatus.InProgress, activity.Status);
        Assert.Equal(ActivityStatus.Planned, activity.Occurrences[1].Status);
    }
}
