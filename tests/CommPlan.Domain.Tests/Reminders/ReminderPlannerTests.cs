using CommPlan.Domain.Activities;
using CommPlan.Domain.Calendar;
using CommPlan.Domain.Common;
using CommPlan.Domain.Plans;
using CommPlan.Domain.Reminders;

namespace CommPlan.Domain.Tests.Reminders;

public class ReminderPlannerTests
{
    private static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
    private static readonly Owner Boss = new(Guid.Parse("11111111-2222-3333-4444-555555555555"), "Chefen");

    private static (Plan Plan, Activity Activity) OneActivity(DateOnly deadline, Owner? owner = null)
    {
        var plan = TestPlan.Create(deadline.Year);
        var activity = TestPlan.NewActivity(plan, TestPlan.Details(deadline.Year) with
        {
            Period = new Period(new DateOnly(deadline.Year, 1, 1), deadline),
            Owner = owner ?? TestPlan.Anna,
        }, new DateOnly(deadline.Year, 1, 1));
        return (plan, activity);
    }

    private static ReminderSweep SweepAt(Activity activity, string localTime, DateTimeOffset? lastRun = null, ReminderPolicy? policy = null,
        TimeZoneInfo? zone = null, WorkingDayCalendar? calendar = null, IReadOnlyCollection<ReminderSnooze>? snoozes = null)
    {
        zone ??= Stockholm;
        var now = At(localTime, zone);
        return ReminderPlanner.Sweep(
            [new PlanReminderInput(activity.PlanId, [activity], policy ?? ReminderPolicy.Default, new ReminderContacts([TestPlan.Erik], [Boss]))],
            calendar ?? WorkingDayCalendar.SwedishDefault, zone, snoozes ?? [], now, lastRun);
    }

    private static DateTimeOffset At(string localTime, TimeZoneInfo zone)
    {
        var local = DateTime.Parse(localTime, System.Globalization.CultureInfo.InvariantCulture);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }

    [Fact]
    public void One_working_day_before_a_deadline_after_easter_is_maundy_thursday_in_sweden_but_the_wednesday_in_norway()
    {
        // 2026: långfredagen 3 April and annandag påsk 6 April are holidays in Sweden (lag 1989:253); Norway adds
        // skjærtorsdag 2 April (helligdagsloven).
        var (_, activity) = OneActivity(new DateOnly(2026, 4, 7));

        var sweden = SweepAt(activity, "2026-04-02 08:05");
        var norway = SweepAt(activity, "2026-04-01 08:05", zone: Oslo, calendar: WorkingDayCalendar.NorwegianDefault);

        Assert.Equal("before-1", Assert.Single(sweden.Items).Point.Code);
        Assert.Equal("before-1", Assert.Single(norway.Items).Point.Code);
        Assert.Empty(SweepAt(activity, "2026-04-02 08:05", zone: Oslo, calendar: WorkingDayCalendar.NorwegianDefault).Items);
    }

    [Fact]
    public void Seven_working_days_before_skip_the_easter_holidays()
    {
        var (_, activity) = OneActivity(new DateOnly(2026, 4, 7));

        var sweep = SweepAt(activity, "2026-03-26 09:00", lastRun: At("2026-03-25 07:00", Stockholm));

        // Counting back from Tuesday 7 April over Easter Monday and Good Friday: 2, 1 April, 31, 30, 27, 26, 25 March.
        var item = Assert.Single(sweep.Items);
        Assert.Equal(new DateOnly(2026, 3, 25), item.PointDate);
        Assert.True(item.CatchUp);
    }

    [Fact]
    public void Nothing_is_considered_on_a_public_holiday_or_outside_the_send_window()
    {
        var (_, activity) = OneActivity(new DateOnly(2026, 4, 7));

        Assert.False(SweepAt(activity, "2026-04-03 10:00").InWindow); // långfredagen
        Assert.False(SweepAt(activity, "2026-04-02 07:59").InWindow);
        Assert.False(SweepAt(activity, "2026-04-02 16:00").InWindow);
        Assert.True(SweepAt(activity, "2026-04-02 15:59").InWindow);
    }

    [Fact]
    public void The_send_window_follows_local_time_across_the_spring_and_autumn_clock_changes()
    {
        // Summer time starts 29 March 2026 and ends 25 October 2026: 08:00 local is 06:00 UTC in between, 07:00 UTC outside.
        var (_, spring) = OneActivity(new DateOnly(2026, 3, 31));
        var (_, autumn) = OneActivity(new DateOnly(2026, 10, 27));

        Sweep(spring, "2026-03-30T05:59:00Z", expectInWindow: false);
        Assert.Equal("before-1", Assert.Single(Sweep(spring, "2026-03-30T06:00:00Z", expectInWindow: true).Items).Point.Code);
        Sweep(autumn, "2026-10-26T06:30:00Z", expectInWindow: false);
        Assert.Equal("before-1", Assert.Single(Sweep(autumn, "2026-10-26T07:00:00Z", expectInWindow: true).Items).Point.Code);

        static ReminderSweep Sweep(Activity activity, string utc, bool expectInWindow)
        {
            var sweep = ReminderPlanner.Sweep([new PlanReminderInput(activity.PlanId, [activity], ReminderPolicy.Default, ReminderContacts.None)],
                WorkingDayCalendar.SwedishDefault, Stockholm, [], DateTimeOffset.Parse(utc), null);
            Assert.Equal(expectInWindow, sweep.InWindow);
            return sweep;
        }
    }

    [Fact]
    public void Points_missed_while_the_app_was_down_collapse_into_one_catch_up_reminder()
    {
        // Deadline Wednesday 16 September; the app ran last on Friday 11 September and comes back on Friday 18th.
        var (_, activity) = OneActivity(new DateOnly(2026, 9, 16));
        var policy = ReminderPolicy.Default with { LateReminders = 1 };

        var sweep = SweepAt(activity, "2026-09-18 10:00", lastRun: At("2026-09-11 12:00", Stockholm), policy: policy);

        var item = Assert.Single(sweep.Items);
        Assert.Equal("late-1", item.Point.Code);
        Assert.Equal(new DateOnly(2026, 9, 17), item.PointDate);
        Assert.True(item.CatchUp);
        Assert.Equal($"{activity.Id:N}:20260916:late-1:{TestPlan.Anna.ObjectId}", item.Key);
    }

    [Fact]
    public void A_first_run_starts_with_todays_points_only()
    {
        var (_, activity) = OneActivity(new DateOnly(2026, 9, 16));

        Assert.Empty(SweepAt(activity, "2026-09-16 10:00", policy: ReminderPolicy.Default with { OnTheDay = false }).Items);
        Assert.Equal("due", Assert.Single(SweepAt(activity, "2026-09-16 10:00").Items).Point.Code);
    }

    [Fact]
    public void A_snooze_silences_the_points_before_its_date_and_reminds_once_when_it_ends()
    {
        // Deadline Friday 18 September; snoozed on Thursday until Monday 21st.
        var (_, activity) = OneActivity(new DateOnly(2026, 9, 18));
        var key = ReminderRecipients.KeyOf(TestPlan.Anna)!;
        ReminderSnooze[] snoozes = [new(activity.Id, activity.Deadline, key, new DateOnly(2026, 9, 21))];
        var policy = ReminderPolicy.Default with { LateReminders = 0, EscalateAfterWorkingDays = 0 };

        Assert.Empty(SweepAt(activity, "2026-09-18 09:00", snoozes: snoozes, policy: policy).Items);
        var ended = Assert.Single(SweepAt(activity, "2026-09-21 09:00", lastRun: At("2026-09-18 09:00", Stockholm), snoozes: snoozes, policy: policy).Items);
        Assert.Equal(ReminderKind.SnoozeEnded, ended.Point.Kind);
        Assert.Equal($"{activity.Id:N}:20260918:snooze-20260921:{key}", ended.Key);
    }

    [Fact]
    public void An_escalation_goes_to_the_units_named_manager_and_the_communicators_but_not_the_owner()
    {
        var (_, activity) = OneActivity(new DateOnly(2026, 9, 16), owner: TestPlan.Erik);
        var unitBoss = new UnitManager("vux", Guid.Parse("99999999-2222-3333-4444-555555555555"), "Enhetschef");
        var policy = ReminderPolicy.Default with { EscalateAfterWorkingDays = 2, LateReminders = 1, UnitManagers = [unitBoss] };

        // Deadline Wednesday 16th: two working days late is Friday 18th. Erik is owner and communicator.
        var sweep = SweepAt(activity, "2026-09-18 08:30", policy: policy);

        var escalation = Assert.Single(sweep.Items);
        Assert.Equal(ReminderKind.Escalation, escalation.Point.Kind);
        Assert.Equal(unitBoss.ObjectId, escalation.Recipient.ObjectId);
        Assert.Equal(TestPlan.Erik, escalation.ActivityOwner);
    }

    [Fact]
    public void An_owner_with_several_deadlines_on_one_day_gets_one_digest()
    {
        var plan = TestPlan.Create();
        Activity Make(int month, int day) => TestPlan.NewActivity(plan, TestPlan.Details() with
        {
            Period = new Period(new DateOnly(2026, 1, 1), new DateOnly(2026, month, day)), Owner = TestPlan.Anna,
        }, new DateOnly(2026, 1, 1));
        Activity[] activities = [Make(9, 16), Make(9, 17), Make(9, 25)];

        var sweep = ReminderPlanner.Sweep([new PlanReminderInput(plan.Id, activities, ReminderPolicy.Default, ReminderContacts.None)],
            WorkingDayCalendar.SwedishDefault, Stockholm, [], At("2026-09-16 08:00", Stockholm), null);

        var digest = Assert.Single(sweep.Digests);
        Assert.Equal(["due", "before-1", "before-7"], digest.Items.Select(i => i.Point.Code));
        Assert.Equal($"{TestPlan.Anna.ObjectId}:20260916", digest.Key);
    }

    [Fact]
    public void Done_activities_and_settled_occurrences_are_not_reminded()
    {
        var (_, activity) = OneActivity(new DateOnly(2026, 9, 16));
        activity.ChangeStatus(ActivityStatus.Done, new DateOnly(2026, 9, 15));

        Assert.Empty(SweepAt(activity, "2026-09-16 09:00").Items);
    }

    [Fact]
    public void A_policy_with_broken_rules_reports_each_of_them()
    {
        var policy = ReminderPolicy.Default with
        {
            LeadWorkingDays = [5, 0, 5], LateReminders = 99, SendFrom = new TimeOnly(17, 0), SendUntil = new TimeOnly(9, 0),
            UnitManagers = [new UnitManager("", Guid.Empty, "")],
        };

        var errors = Assert.Throws<DomainValidationException>(() => policy.Validated()).Errors.Select(e => e.Field).ToArray();

        Assert.Equal(["leadWorkingDays[1]", "leadWorkingDays[2]", "lateReminders", "sendUntil", "unitManagers[0].unitKey",
            "unitManagers[0].objectId", "unitManagers[0].displayName"], errors);
    }

    [Fact]
    public void A_preview_shows_the_points_of_the_day_only()
    {
        var (_, activity) = OneActivity(new DateOnly(2026, 9, 16));
        PlanReminderInput[] plans = [new(activity.PlanId, [activity], ReminderPolicy.Default, ReminderContacts.None)];

        var preview = ReminderPlanner.Preview(plans, WorkingDayCalendar.SwedishDefault, Stockholm, [], new DateOnly(2026, 9, 15));

        Assert.Equal("before-1", Assert.Single(preview.Items).Point.Code);
        Assert.Empty(ReminderPlanner.Preview(plans, WorkingDayCalendar.SwedishDefault, Stockholm, [], new DateOnly(2026, 9, 14)).Items);
    }
}
