using CommPlan.Domain.Activities;
using CommPlan.Domain.Plans;
using static CommPlan.Domain.Tests.TestPlan;

namespace CommPlan.Domain.Tests.Plans;

public sealed class CarryForwardTests
{
    private static readonly DateOnly NextYearToday = new(2028, 12, 1);

    [Fact]
    public void Recurring_and_whole_year_activities_move_to_next_year_and_one_offs_stay_unless_chosen()
    {
        var plan = TestPlan.Create(2028);
        var quarterly = NewActivity(plan, Details(2028) with { Title = "Nyhetsbrev", Period = Period.Year(2028), Recurrence = Recurrence.TimesPerYear(4), Owner = Anna });
        var ongoing = NewActivity(plan, Details(2028) with { Title = "Löpande", Period = Period.Year(2028) });
        var chosen = NewActivity(plan, Details(2028) with { Title = "Öppet hus", Owner = Erik });
        var left = NewActivity(plan, Details(2028) with { Title = "Jubileum" });
        var newPlanId = Guid.NewGuid();

        var next = CarryForward.Carry(plan, [quarterly, ongoing, chosen, left], new CarryForwardChoices(2029, new HashSet<Guid> { chosen.Id }), newPlanId, Guid.NewGuid, NextYearToday);

        Assert.Equal((newPlanId, 2029, "Kommunikationsplan 2029"), (next.Plan.Id, next.Plan.Year, next.Plan.Title));
        Assert.Equal(plan.Channels, next.Plan.Channels);
        Assert.Equal(plan.Goals, next.Plan.Goals);
        Assert.Equal(["Löpande", "Nyhetsbrev", "Öppet hus"], next.Activities.Select(a => a.Title).Order(StringComparer.Ordinal).ToArray());
        Assert.All(next.Activities, a => Assert.Equal(newPlanId, a.PlanId));
        Assert.DoesNotContain(next.Activities, a => a.Id == quarterly.Id || a.Id == ongoing.Id || a.Id == chosen.Id);
        var magazine = next.Activities.Single(a => a.Title == "Nyhetsbrev");
        Assert.Equal(Period.Year(2029), magazine.Period);
        Assert.Equal(Anna, magazine.Owner);
        Assert.Equal([new DateOnly(2029, 3, 31), new DateOnly(2029, 6, 30), new DateOnly(2029, 9, 30), new DateOnly(2029, 12, 31)], magazine.Occurrences.Select(o => o.Deadline).ToArray());
        Assert.Equal(Period.Months(2029, 3, 4), next.Activities.Single(a => a.Title == "Öppet hus").Period);
        Assert.Equal(Erik, next.Activities.Single(a => a.Title == "Öppet hus").Owner);
    }

    [Fact]
    public void Status_progress_and_figures_stay_in_the_old_year()
    {
        var plan = TestPlan.Create(2028);
        var monthly = NewActivity(plan, Details(2028) with { Period = Period.Year(2028), Recurrence = Recurrence.Monthly(), Owner = Anna, FollowUpMetric = "Besökare" }, new DateOnly(2028, 1, 1));
        monthly.ChangeOccurrenceStatus(new DateOnly(2028, 1, 31), ActivityStatus.Done, new DateOnly(2028, 2, 1));
        monthly.RecordFigure(new FollowUpFigure(new DateOnly(2028, 2, 1), 120, null), new DateOnly(2028, 2, 1));

        var carried = Assert.Single(CarryForward.Carry(plan, [monthly], new CarryForwardChoices(2029, new HashSet<Guid>()), Guid.NewGuid(), Guid.NewGuid, NextYearToday).Activities);

        Assert.Equal(ActivityStatus.Planned, carried.Status);
        Assert.Null(carried.CompletedOn);
        Assert.Empty(carried.FollowUpFigures);
        Assert.Equal(12, carried.Occurrences.Count);
        Assert.All(carried.Occurrences, o => Assert.Equal(ActivityStatus.Planned, o.Status));
        Assert.Equal("Besökare", carried.FollowUpMetric);
    }

    [Fact]
    public void The_29th_of_February_becomes_the_28th_and_a_month_end_stays_a_month_end()
    {
        var plan = TestPlan.Create(2028);
        var leapDay = NewActivity(plan, Details(2028) with { Title = "Skottdag", Period = new Period(new DateOnly(2028, 2, 29), new DateOnly(2028, 2, 29)) });
        var february = NewActivity(plan, Details(2027 + 1) with { Title = "Februari", Period = Period.Month(2028, 2), Deadline = new DateOnly(2028, 3, 10) });

        var next = CarryForward.Carry(plan, [leapDay, february], new CarryForwardChoices(2029, new HashSet<Guid> { leapDay.Id, february.Id }), Guid.NewGuid(), Guid.NewGuid, NextYearToday);

        var moved = next.Activities.Single(a => a.Title == "Skottdag");
        Assert.Equal(new Period(new DateOnly(2029, 2, 28), new DateOnly(2029, 2, 28)), moved.Period);
        Assert.Equal(new DateOnly(2029, 2, 28), moved.Deadline);
        var month = next.Activities.Single(a => a.Title == "Februari");
        Assert.Equal(Period.Month(2029, 2), month.Period);
        Assert.Equal(new DateOnly(2029, 3, 10), month.Deadline);

        var back = CarryForward.Carry(next.Plan, [month], new CarryForwardChoices(2032, new HashSet<Guid> { month.Id }), Guid.NewGuid(), Guid.NewGuid, NextYearToday);
        Assert.Equal(Period.Month(2032, 2), Assert.Single(back.Activities).Period);
    }
}
