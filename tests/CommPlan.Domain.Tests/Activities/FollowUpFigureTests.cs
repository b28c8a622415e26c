using CommPlan.Domain.Activities;
using CommPlan.Domain.Common;
using CommPlan.Domain.Plans;
using static CommPlan.Domain.Tests.TestPlan;

namespace CommPlan.Domain.Tests.Activities;

public sealed class FollowUpFigureTests
{
    private readonly Plan _plan = TestPlan.Create(2026);

    private Activity Measured() => NewActivity(_plan, Details() with { FollowUpMetric = "Antal besökare" });

    [Fact]
    public void Figure_is_recorded_against_the_metric()
    {
        var activity = Measured();

        activity.RecordFigure(new FollowUpFigure(Day("2026-04-30"), 240m, null), Today);

        Assert.Equal([new FollowUpFigure(Day("2026-04-30"), 240m, null)], activity.FollowUpFigures);
    }

    [Fact]
    public void Figure_needs_a_follow_up_metric()
    {
        var activity = NewActivity(_plan);

        Assert.Equal(("followUpMetric", ErrorCodes.Required),
            SingleError(() => activity.RecordFigure(new FollowUpFigure(Today, 1m, null), Today)));
        Assert.Empty(activity.FollowUpFigures);
    }

    [Fact]
    public void Figure_recorded_in_the_future_is_refused()
    {
        var activity = Measured();

        Assert.Equal(("recordedOn", ErrorCodes.CompletionInFuture),
            SingleError(() => activity.RecordFigure(new FollowUpFigure(Today.AddDays(1), 1m, null), Today)));
        Assert.Empty(activity.FollowUpFigures);
    }

    [Fact]
    public void Figure_recorded_today_is_accepted()
    {
        var activity = Measured();

        activity.RecordFigure(new FollowUpFigure(Today, 3m, null), Today);

        Assert.Single(activity.FollowUpFigures);
    }

    [Fact]
    public void Note_is_trimmed()
    {
        var activity = Measured();

        activity.RecordFigure(new FollowUpFigure(Today, 12m, "  Regnigt väder  "), Today);

        Assert.Equal("Regnigt väder", Assert.Single(activity.FollowUpFigures).Note);
    }

    [Fact]
    public void Blank_note_is_stored_as_none()
    {
        var activity = Measured();

        activity.RecordFigure(new FollowUpFigure(Today, 12m, "   "), Today);

        Assert.Null(Assert.Single(activity.FollowUpFigures).Note);
    }

    [Fact]
    public void Note_longer_than_500_characters_is_refused()
    {
        var activity = Measured();

        Assert.Equal(("note", ErrorCodes.TooLong),
            SingleError(() => activity.RecordFigure(new FollowUpFigure(Today, 12m, new string('n', 501)), Today)));
    }

    [Fact]
    public void Figures_keep_the_order_they_were_recorded_in()
    {
        var activity = Measured();

        activity.RecordFigure(new FollowUpFigure(Day("2026-05-31"), 2m, null), Today);
        activity.RecordFigure(new FollowUpFigure(Day("2026-04-30"), 1m, null), Today);

        Assert.Equal([2m, 1m], activity.FollowUpFigures.Select(f => f.Value));
    }
}
