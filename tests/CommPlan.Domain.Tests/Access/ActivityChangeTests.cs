using CommPlan.Domain.Access;
using CommPlan.Domain.Activities;
using static CommPlan.Domain.Tests.TestPlan;

namespace CommPlan.Domain.Tests.Access;

/// <summary>What an owner may change on their own activity: status, completion, occurrences, figures; nothing else.</summary>
public sealed class ActivityChangeTests
{
    private static (Activity Activity, ActivitySnapshot Before, ActivityDetails Details) Owned()
    {
        var plan = Create();
        var details = Details() with { Owner = Anna, FollowUpMetric = "Antal besökare", Recurrence = Recurrence.Monthly() };
        var activity = NewActivity(plan, details);
        return (activity, activity.ToSnapshot(), details);
    }

    [Fact]
    public void Status_and_completion_date_sent_back_with_everything_else_unchanged_is_progress()
    {
        var plan = Create();
        var details = Details() with { Owner = Anna };
        var activity = NewActivity(plan, details);
        var before = activity.ToSnapshot();

        activity.Revise(plan, details with { Title = "  " + details.Title + " ", Status = ActivityStatus.Done, CompletedOn = Today }, Today);

        Assert.Equal(Operation.RecordProgress, ActivityChange.Classify(before, activity.ToSnapshot()));
    }

    [Fact]
    public void Occurrence_status_and_figures_are_progress()
    {
        var (activity, before, _) = Owned();

        activity.ChangeOccurrenceStatus(activity.Occurrences[0].Deadline, ActivityStatus.Done, Today);
        activity.RecordFigure(new FollowUpFigure(Today, 42, null), Today);

        Assert.Equal(Operation.RecordProgress, ActivityChange.Classify(before, activity.ToSnapshot()));
    }

    public static TheoryData<string> Edits() => ["title", "description", "unit", "period", "deadline", "recurrence", "channels", "targetGroups", "goals", "owner", "metric"];

    [Theory]
    [MemberData(nameof(Edits))]
    public void A_change_to_any_other_field_is_an_edit(string field)
    {
        var plan = Create();
        var details = Details() with { Owner = Anna, FollowUpMetric = "Antal besökare" };
        var activity = NewActivity(plan, details);
        var before = activity.ToSnapshot();
        var changed = field switch
        {
            "title" => details with { Title = "Annan rubrik" },
            "description" => details with { Description = "Ny text" },
            "unit" => details with { UnitKey = "second-hand" },
            "period" => details with { Period = Period.Months(2026, 3, 5) },
            "deadline" => details with { Deadline = Day("2026-04-10") },
            "recurrence" => details with { Recurrence = Recurrence.Monthly() },
            "channels" => details with { Channels = ["webb"] },
            "targetGroups" => details with { TargetGroups = ["unga-vuxna"] },
            "goals" => details with { Goals = ["kannedom"] },
            "owner" => details with { Owner = Erik },
            _ => details with { FollowUpMetric = "Antal sökande" },
        };

        activity.Revise(plan, changed with { Status = ActivityStatus.InProgress }, Today);

        Assert.Equal(Operation.EditActivity, ActivityChange.Classify(before, activity.ToSnapshot()));
    }
}
