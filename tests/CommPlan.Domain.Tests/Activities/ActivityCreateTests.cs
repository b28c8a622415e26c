using CommPlan.Domain.Activities;
using CommPlan.Domain.Common;
using static CommPlan.Domain.Tests.TestPlan;

namespace CommPlan.Domain.Tests.Activities;

public sealed class ActivityCreateTests
{
    private readonly CommPlan.Domain.Plans.Plan _plan = TestPlan.Create(2026);

    [Fact]
    public void Valid_details_create_a_planned_activity_with_trimmed_text()
    {
        var id = Guid.NewGuid();
        var activity = Activity.Create(id, _plan, Details() with
        {
            Title = "  Öppet hus  ",
            Description = "  Visning av lokalerna ",
            UnitKey = " vux ",
            Channels = [" webb", "facebook "],
            FollowUpMetric = "  Antal besökare ",
        }, Today);

        Assert.Equal(id, activity.Id);
        Assert.Equal(_plan.Id, activity.PlanId);
        Assert.Equal("Öppet hus", activity.Title);
        Assert.Equal("Visning av lokalerna", activity.Description);
        Assert.Equal("vux", activity.UnitKey);
        Assert.Equal(["webb", "facebook"], activity.Channels);
        Assert.Equal("Antal besökare", activity.FollowUpMetric);
        Assert.Equal(ActivityStatus.Planned, activity.Status);
        Assert.Null(activity.CompletedOn);
        Assert.Null(activity.Owner);
        Assert.Empty(activity.Occurrences);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Title_is_required(string title)
    {
        Assert.Equal(("title", ErrorCodes.Required), SingleError(() => NewActivity(_plan, Details() with { Title = title })));
    }

    [Fact]
    public void Title_of_201_characters_is_too_long()
    {
        var errors = Errors(() => NewActivity(_plan, Details() with { Title = new string('a', 201) }));

        Assert.Equal(new FieldError("title", ErrorCodes.TooLong, Activity.MaxTitleLength), Assert.Single(errors));
    }

    [Fact]
    public void Control_characters_are_refused_in_every_text_field_at_once()
    {
        var errors = Errors(() => NewActivity(_plan, Details() with
        {
            Title = "Öppet\u0000hus",
            Description = "Visning\u001b",
            FollowUpMetric = "Antal\u0007besökare",
            Owner = new Owner(Guid.NewGuid(), "Anna\u0000", "anna\u0000@pitea.example"),
        }));

        Assert.Equal(
            ["description:control_character", "followUpMetric:control_character", "owner.displayName:control_character", "owner.email:unparseable", "title:control_character"],
            errors.Select(e => e.Field + ":" + e.Code).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Tabs_and_line_breaks_are_text()
    {
        var activity = NewActivity(_plan, Details() with { Description = "Rad ett\r\nRad två\tslut" });

        Assert.Equal("Rad ett\r\nRad två\tslut", activity.Description);
    }

    [Theory]
    [InlineData(ActivityStatus.Planned)]
    [InlineData(ActivityStatus.InProgress)]
    [InlineData(ActivityStatus.Cancelled)]
    public void A_completion_date_comes_only_with_done(ActivityStatus status)
    {
        var errors = Errors(() => NewActivity(_plan, Details() with { Owner = Anna, Status = status, CompletedOn = Today }));

        Assert.Equal(new FieldError("completedOn", ErrorCodes.CompletedOnNeedsDone), Assert.Single(errors));
    }

    [Fact]
    public void Title_of_200_characters_is_accepted()
    {
        var activity = NewActivity(_plan, Details() with { Title = new string('a', 200) });

        Assert.Equal(200, activity.Title.Length);
    }

    [Fact]
    public void Description_longer_than_4000_characters_is_refused()
    {
        var errors = Errors(() => NewActivity(_plan, Details() with { Description = new string('x', 4001) }));

        Assert.Equal(new FieldError("description", ErrorCodes.TooLong, Activity.MaxDescriptionLength), Assert.Single(errors));
    }

    [Fact]
    public void Blank_description_is_stored_as_none()
    {
        Assert.Null(NewActivity(_plan, Details() with { Description = "   " }).Description);
    }

    [Fact]
    public void Unit_is_required()
    {
        Assert.Equal(("unit", ErrorCodes.Required), SingleError(() => NewActivity(_plan, Details() with { UnitKey = " " })));
    }

    [Fact]
    public void Unit_not_in_the_plan_is_refused()
    {
        Assert.Equal(("unit", ErrorCodes.UnknownReference),
            SingleError(() => NewActivity(_plan, Details() with { UnitKey = "bibliotek" })));
    }

    [Fact]
    public void Channel_not_in_the_plan_is_refused_at_its_position()
    {
        Assert.Equal(("channels[1]", ErrorCodes.UnknownReference),
            SingleError(() => NewActivity(_plan, Details() with { Channels = ["webb", "tiktok"] })));
    }

    [Fact]
    public void Goal_not_in_the_plan_is_refused_at_its_position()
    {
        Assert.Equal(("goals[1]", ErrorCodes.UnknownReference),
            SingleError(() => NewActivity(_plan, Details() with { Goals = ["kannedom", "varumarke"] })));
    }

    [Fact]
    public void Target_group_not_in_the_plan_is_refused_at_its_position()
    {
        Assert.Equal(("targetGroups[0]", ErrorCodes.UnknownReference),
            SingleError(() => NewActivity(_plan, Details() with { TargetGroups = ["media", "invanare"] })));
    }

    [Fact]
    public void Channel_named_twice_is_refused_as_duplicate()
    {
        Assert.Equal(("channels[2]", ErrorCodes.Duplicate),
            SingleError(() => NewActivity(_plan, Details() with { Channels = ["webb", "facebook", "webb"] })));
    }

    [Fact]
    public void More_than_30_references_are_too_many()
    {
        var channels = Enumerable.Repeat("webb", Activity.MaxReferences + 1).ToArray();

        var errors = Errors(() => NewActivity(_plan, Details() with { Channels = channels }));

        Assert.Contains(new FieldError("channels", ErrorCodes.TooMany, Activity.MaxReferences), errors);
    }

    [Fact]
    public void Reversed_period_is_refused_once_on_its_end()
    {
        var reversed = new Period(Day("2026-05-31"), Day("2026-05-01"));

        Assert.Equal(("period.to", ErrorCodes.PeriodReversed), SingleError(() => NewActivity(_plan, Details() with { Period = reversed })));
    }

    [Theory]
    [InlineData("2025-12-01", "2026-01-31", "period.from")]
    [InlineData("2026-11-01", "2027-01-31", "period.to")]
    [InlineData("2026-11-01", "2028-03-31", "period.to")]
    [InlineData("2025-06-01", "2027-06-30", "period.from")]
    public void Period_outside_the_plan_year_is_refused(string from, string to, string field)
    {
        var errors = Errors(() => NewActivity(_plan, Details() with { Period = new Period(Day(from), Day(to)) }));

        Assert.Equal(new FieldError(field, ErrorCodes.PeriodOutsidePlanYear, 2026), Assert.Single(errors));
    }

    [Fact]
    public void Period_covering_the_whole_plan_year_is_accepted()
    {
        var activity = NewActivity(_plan, Details() with { Period = Period.Year(2026) });

        Assert.Equal(new Period(Day("2026-01-01"), Day("2026-12-31")), activity.Period);
    }

    [Fact]
    public void Deadline_before_the_period_is_refused()
    {
        var errors = Errors(() => NewActivity(_plan, Details() with { Deadline = Day("2026-02-28") }));

        Assert.Equal(new FieldError("deadline", ErrorCodes.DeadlineBeforePeriod, Day("2026-03-01")), Assert.Single(errors));
    }

    [Fact]
    public void Deadline_on_the_first_day_of_the_period_is_accepted()
    {
        Assert.Equal(Day("2026-03-01"), NewActivity(_plan, Details() with { Deadline = Day("2026-03-01") }).Deadline);
    }

    [Fact]
    public void Deadline_after_the_period_is_accepted()
    {
        var activity = NewActivity(_plan, Details() with { Deadline = Day("2026-05-15") });

        Assert.Equal(Day("2026-05-15"), activity.Deadline);
        Assert.Equal(Day("2026-04-30"), activity.Period.To);
    }

    [Fact]
    public void Deadline_more_than_a_year_after_the_plan_year_is_refused()
    {
        Assert.Equal(("deadline", ErrorCodes.OutOfRange),
            SingleError(() => NewActivity(_plan, Details() with { Deadline = Day("2028-01-01") })));
    }

    [Fact]
    public void Deadline_defaults_to_the_end_of_the_period()
    {
        Assert.Equal(Day("2026-04-30"), NewActivity(_plan).Deadline);
    }

    [Theory]
    [InlineData(ActivityStatus.InProgress)]
    [InlineData(ActivityStatus.Done)]
    public void Owner_is_required_for_an_activity_under_way_or_done(ActivityStatus status)
    {
        Assert.Equal(("owner", ErrorCodes.OwnerRequired), SingleError(() => NewActivity(_plan, Details() with { Status = status })));
    }

    [Theory]
    [InlineData(ActivityStatus.Planned)]
    [InlineData(ActivityStatus.Cancelled)]
    public void Owner_is_not_required_for_a_planned_or_cancelled_activity(ActivityStatus status)
    {
        Assert.Equal(status, NewActivity(_plan, Details() with { Status = status }).Status);
    }

    [Fact]
    public void Owner_needs_an_object_id_and_a_name()
    {
        var errors = Errors(() => NewActivity(_plan, Details() with { Owner = new Owner(Guid.Empty, " ") }));

        AssertErrors(errors, ("owner.objectId", ErrorCodes.Required), ("owner.displayName", ErrorCodes.Required));
    }

    [Fact]
    public void An_owner_may_be_known_by_e_mail_alone_and_the_address_is_kept_trimmed()
    {
        var activity = NewActivity(_plan, Details() with { Owner = new Owner(null, "Kim Lundgren", " kim.lundgren@pitea.se ") });

        Assert.Equal(new Owner(null, "Kim Lundgren", "kim.lundgren@pitea.se"), activity.Owner);
    }

    [Fact]
    public void An_owner_with_neither_object_id_nor_e_mail_is_refused()
    {
        Assert.Equal(("owner.objectId", ErrorCodes.Required), SingleError(() => NewActivity(_plan, Details() with { Owner = new Owner(null, "Kim", " ") })));
    }

    [Theory]
    [InlineData("kim")]
    [InlineData("kim@")]
    [InlineData("@pitea.se")]
    [InlineData("kim@pitea")]
    [InlineData("kim lundgren@pitea.se")]
    [InlineData("kim@a@pitea.se")]
    public void An_owner_address_that_is_not_an_e_mail_address_is_refused(string address)
    {
        Assert.Equal(("owner.email", ErrorCodes.Unparseable), SingleError(() => NewActivity(_plan, Details() with { Owner = Anna with { Email = address } })));
    }

    [Fact]
    public void Done_with_a_completion_date_in_the_future_is_refused()
    {
        var errors = Errors(() => NewActivity(_plan,
            Details() with { Owner = Anna, Status = ActivityStatus.Done, CompletedOn = Today.AddDays(1) }));

        Assert.Equal(new FieldError("completedOn", ErrorCodes.CompletionInFuture, Today), Assert.Single(errors));
    }

    [Fact]
    public void Undefined_status_value_is_refused()
    {
        Assert.Equal(("status", ErrorCodes.Unparseable),
            SingleError(() => NewActivity(_plan, Details() with { Status = (ActivityStatus)42 })));
    }

    [Fact]
    public void Every_bad_field_is_reported_at_once()
    {
        var errors = Errors(() => NewActivity(_plan, Details() with
        {
            Title = "",
            UnitKey = "bibliotek",
            Period = new Period(Day("2026-05-31"), Day("2026-05-01")),
            Channels = ["webb", "tiktok"],
            Goals = ["kannedom", "kannedom"],
            Status = ActivityStatus.InProgress,
        }));

        AssertErrors(errors,
            ("title", ErrorCodes.Required),
            ("unit", ErrorCodes.UnknownReference),
            ("period.to", ErrorCodes.PeriodReversed),
            ("channels[1]", ErrorCodes.UnknownReference),
            ("goals[1]", ErrorCodes.Duplicate),
            ("owner", ErrorCodes.OwnerRequired));
    }

    [Fact]
    public void Revise_with_bad_input_changes_nothing()
    {
        var activity = NewActivity(_plan, Details() with
        {
            Description = "Kväll på Campus",
            Period = Period.Year(2026),
            Recurrence = Recurrence.Monthly(),
            Owner = Anna,
            FollowUpMetric = "Antal besökare",
            Status = ActivityStatus.InProgress,
        });
        activity.ChangeOccurrenceStatus(Day("2026-01-31"), ActivityStatus.Done, Today, Day("2026-01-30"));
        activity.RecordFigure(new FollowUpFigure(Day("2026-02-01"), 42m, "Januari"), Today);
        var before = activity.ToSnapshot();

        Assert.Throws<DomainValidationException>(() => activity.Revise(_plan, new ActivityDetails
        {
            Title = "Ny titel",
            Description = "Ny beskrivning",
            UnitKey = "second-hand",
            Period = Period.Months(2026, 3, 12),
            Deadline = Day("2026-11-30"),
            Recurrence = Recurrence.SpecificMonths([5, 10]),
            Channels = ["intranat"],
            TargetGroups = ["unga-vuxna"],
            Goals = ["tiktok-goal"],
            Owner = Erik,
            FollowUpMetric = "Antal anmälningar",
            Status = ActivityStatus.Done,
            CompletedOn = Today,
        }, Today));

        AssertSameSnapshot(before, activity.ToSnapshot());
    }

    [Fact]
    public void Revise_replaces_the_details()
    {
        var activity = NewActivity(_plan);

        activity.Revise(_plan, Details() with
        {
            Title = "Ny titel",
            UnitKey = "second-hand",
            Period = Period.Month(2026, 9),
            Channels = ["intranat"],
            Owner = Erik,
        }, Today);

        Assert.Equal("Ny titel", activity.Title);
        Assert.Equal("second-hand", activity.UnitKey);
        Assert.Equal(Period.Month(2026, 9), activity.Period);
        Assert.Equal(Day("2026-09-30"), activity.Deadline);
        Assert.Equal(["intranat"], activity.Channels);
        Assert.Equal(Erik, activity.Owner);
    }

    [Fact]
    public void An_activity_cannot_be_revised_into_another_plan()
    {
        var activity = NewActivity(_plan);

        Assert.Throws<InvalidOperationException>(() => activity.Revise(TestPlan.Create(2026), Details(), Today));
    }
}
