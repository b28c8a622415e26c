using CommPlan.Domain.Activities;
using CommPlan.Domain.Common;
using CommPlan.Domain.Plans;
using static CommPlan.Domain.Tests.TestPlan;

namespace CommPlan.Domain.Tests.Activities;

public sealed class ActivityOccurrenceTests
{
    private readonly Plan _plan = TestPlan.Create(2026);

    private Activity Recurring(Recurrence recurrence, Period? period = null) =>
        NewActivity(_plan, Details() with { Owner = Anna, Period = period ?? Period.Year(2026), Recurrence = recurrence });

    [Fact]
    public void Recurring_activity_gets_one_planned_occurrence_per_deadline()
    {
        var activity = Recurring(Recurrence.TimesPerYear(4));

        Assert.Equal(
            [Day("2026-03-31"), Day("2026-06-30"), Day("2026-09-30"), Day("2026-12-31")],
            activity.Occurrences.Select(o => o.Deadline));
        Assert.All(activity.Occurrences, o => Assert.Equal(ActivityStatus.Planned, o.Status));
    }

    [Fact]
    public void Recurring_activity_deadline_defaults_to_its_last_occurrence()
    {
        var activity = Recurring(Recurrence.SpecificMonths([5, 10]));

        Assert.Equal(Day("2026-10-31"), activity.Deadline);
    }

    [Fact]
    public void One_off_activity_has_no_occurrences()
    {
        Assert.Empty(NewActivity(_plan).Occurrences);
    }

    [Fact]
    public void Settling_every_occurrence_as_done_makes_the_activity_done_on_the_latest_completion_date()
    {
        var activity = Recurring(Recurrence.PerTerm());
        var today = Day("2027-01-10");

        activity.ChangeOccurrenceStatus(Day("2026-12-31"), ActivityStatus.Done, today, Day("2026-12-18"));
        Assert.Equal(ActivityStatus.InProgress, activity.Status);

        activity.ChangeOccurrenceStatus(Day("2026-06-30"), ActivityStatus.Done, today, Day("2026-06-20"));

        Assert.Equal(ActivityStatus.Done, activity.Status);
        Assert.Equal(Day("2026-12-18"), activity.CompletedOn);
        Assert.All(activity.Occurrences, o => Assert.Equal(ActivityStatus.Done, o.Status));
    }

    [Fact]
    public void Occurrence_done_without_a_date_is_completed_today()
    {
        var activity = Recurring(Recurrence.PerTerm());

        activity.ChangeOccurrenceStatus(Day("2026-06-30"), ActivityStatus.Done, Today);

        Assert.Equal(new Occurrence(Day("2026-06-30"), ActivityStatus.Done, Today), activity.Occurrences[0]);
    }

    [Fact]
    public void Occurrence_in_progress_puts_a_planned_activity_in_progress()
    {
        var activity = Recurring(Recurrence.Monthly());

        activity.ChangeOccurrenceStatus(Day("2026-06-30"), ActivityStatus.InProgress, Today);

        Assert.Equal(ActivityStatus.InProgress, activity.Status);
    }

    [Fact]
    public void Occurrence_progress_needs_an_owner()
    {
        var activity = NewActivity(_plan, Details() with { Period = Period.Year(2026), Recurrence = Recurrence.PerTerm() });

        Assert.Equal(("owner", ErrorCodes.OwnerRequired),
            SingleError(() => activity.ChangeOccurrenceStatus(Day("2026-06-30"), ActivityStatus.Done, Today)));
        Assert.Equal(ActivityStatus.Planned, activity.Occurrences[0].Status);
    }

    [Fact]
    public void Occurrence_completed_in_the_future_is_refused()
    {
        var activity = Recurring(Recurrence.PerTerm());

        Assert.Equal(("completedOn", ErrorCodes.CompletionInFuture),
            SingleError(() => activity.ChangeOccurrenceStatus(Day("2026-06-30"), ActivityStatus.Done, Today, Today.AddDays(1))));
    }

    [Fact]
    public void Unknown_occurrence_deadline_is_an_unknown_reference()
    {
        var activity = Recurring(Recurrence.PerTerm());

        var errors = Errors(() => activity.ChangeOccurrenceStatus(Day("2026-06-29"), ActivityStatus.Done, Today));

        Assert.Equal(new FieldError("occurrence", ErrorCodes.UnknownReference, Day("2026-06-29")), Assert.Single(errors));
    }

    [Fact]
    public void One_off_activity_has_no_occurrence_to_change()
    {
        var activity = NewActivity(_plan, Details() with { Owner = Anna });

        Assert.Equal(("occurrence", ErrorCodes.UnknownReference),
            SingleError(() => activity.ChangeOccurrenceStatus(activity.Deadline, ActivityStatus.Done, Today)));
    }

    [Fact]
    public void Changing_the_schedule_keeps_the_progress_of_occurrences_whose_deadline_stays()
    {
        var activity = Recurring(Recurrence.Monthly());
        activity.ChangeOccurrenceStatus(Day("2026-03-31"), ActivityStatus.Done, Today, Day("2026-03-30"));
        activity.ChangeOccurrenceStatus(Day("2026-05-31"), ActivityStatus.Done, Today, Day("2026-05-28"));

        activity.Revise(_plan, Details() with
        {
            Owner = Anna,
            Period = Period.Months(2026, 3, 12),
            Recurrence = Recurrence.SpecificMonths([3, 6, 9, 12]),
        }, Today);

        Assert.Equal(
            [
                new Occurrence(Day("2026-03-31"), ActivityStatus.Done, Day("2026-03-30")),
                new Occurrence(Day("2026-06-30"), ActivityStatus.Planned, null),
                new Occurrence(Day("2026-09-30"), ActivityStatus.Planned, null),
                new Occurrence(Day("2026-12-31"), ActivityStatus.Planned, null),
            ],
            activity.Occurrences);
    }

    [Fact]
    public void Revising_without_changing_the_schedule_keeps_every_occurrence()
    {
        var activity = Recurring(Recurrence.SpecificMonths([5, 10]));
        activity.ChangeOccurrenceStatus(Day("2026-05-31"), ActivityStatus.Done, Today, Day("2026-05-30"));
        var before = activity.Occurrences.ToArray();

        activity.Revise(_plan, Details() with
        {
            Title = "Ny titel",
            Owner = Anna,
            Period = Period.Year(2026),
            Recurrence = Recurrence.SpecificMonths([10, 5]),
        }, Today);

        Assert.Equal(before, activity.Occurrences);
    }

    [Fact]
    public void Dropping_the_recurrence_removes_the_occurrences()
    {
        var activity = Recurring(Recurrence.Monthly());

        activity.Revise(_plan, Details() with { Owner = Anna, Period = Period.Year(2026) }, Today);

        Assert.Empty(activity.Occurrences);
        Assert.Equal(Day("2026-12-31"), activity.Deadline);
    }

    [Fact]
    public void Reopening_an_occurrence_reopens_a_done_activity()
    {
        var activity = Recurring(Recurrence.SpecificMonths([3, 5]));
        activity.ChangeOccurrenceStatus(Day("2026-03-31"), ActivityStatus.Done, Today, Day("2026-03-30"));
        activity.ChangeOccurrenceStatus(Day("2026-05-31"), ActivityStatus.Done, Today, Day("2026-05-29"));
        Assert.Equal(ActivityStatus.Done, activity.Status);

        activity.ChangeOccurrenceStatus(Day("2026-05-31"), ActivityStatus.InProgress, Today);

        Assert.Equal(ActivityStatus.InProgress, activity.Status);
        Assert.Null(activity.CompletedOn);
        Assert.True(activity.IsLate(Today), "the reopened May occurrence is past due on 15 June");
    }

    [Fact]
    public void A_cancelled_activity_takes_no_progress_on_its_occurrences()
    {
        var activity = Recurring(Recurrence.SpecificMonths([3, 5]));
        activity.ChangeStatus(ActivityStatus.Cancelled, Today);

        var error = SingleError(() => activity.ChangeOccurrenceStatus(Day("2026-03-31"), ActivityStatus.Done, Today));

        Assert.Equal(("status", ErrorCodes.InvalidTransition), error);
        Assert.Equal(ActivityStatus.Cancelled, activity.Status);
        Assert.All(activity.Occurrences, o => Assert.Equal(ActivityStatus.Planned, o.Status));
    }

    [Fact]
    public void One_done_occurrence_puts_a_planned_activity_in_progress()
    {
        var activity = Recurring(Recurrence.TimesPerYear(4));

        activity.ChangeOccurrenceStatus(Day("2026-03-31"), ActivityStatus.Done, Today, Day("2026-03-31"));

        Assert.Equal(ActivityStatus.InProgress, activity.Status);
    }

    [Fact]
    public void A_recurrence_with_no_occurrence_inside_the_period_is_refused()
    {
        var error = SingleError(() => Recurring(Recurrence.SpecificMonths([1]), Period.Months(2026, 3, 8)));

        Assert.Equal(("recurrence", ErrorCodes.OutOfRange), error);
    }
}
