using CommPlan.Application.Demo;
using CommPlan.Domain.Activities;
using CommPlan.Domain.Calendar;
using CommPlan.Domain.Reminders;

namespace CommPlan.Application.Tests.Reminders;

/// <summary>
/// A year of scheduler ticks over the demo plan with a fake clock, compared with what the policy says, counted here
/// day by day without the planner's or the calendar's date arithmetic.
/// </summary>
public class SimulatedYearTests
{
    private static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");
    private const int Year = 2026;

    private sealed record Sent(string Key, DateOnly Day, TimeOnly LocalTime, bool CatchUp, string DigestKey);

    [Fact]
    public void A_year_of_ticks_sends_exactly_the_reminders_the_policy_gives_on_working_days_at_the_window_start()
    {
        var calendar = WorkingDayCalendar.SwedishDefault;
        var plan = DemoPlan.BuildPlan(Year);
        var activities = DemoPlan.BuildActivities(plan, new DateOnly(Year, 1, 1));
        var policy = ReminderPolicy.Default;
        var contacts = new ReminderContacts([DemoPlan.Communicator], [DemoPlan.ManagementGroup]);
        PlanReminderInput[] input = [new(plan.Id, activities, policy, contacts)];

        var sent = new List<Sent>();
        var ledger = new HashSet<string>();
        DateTimeOffset? lastRun = null;
        var start = new DateTimeOffset(Year, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var now = start; now < new DateTimeOffset(Year + 1, 2, 1, 0, 0, 0, TimeSpan.Zero); now = now.AddMinutes(20))
        {
            var sweep = ReminderPlanner.Sweep(input, calendar, Stockholm, [], now, lastRun);
            if (!sweep.InWindow) continue;
            var local = TimeZoneInfo.ConvertTime(now, Stockholm);
            foreach (var digest in sweep.Digests)
                foreach (var item in digest.Items.Where(i => ledger.Add(i.Key)))
                    sent.Add(new Sent(item.Key, DateOnly.FromDateTime(local.DateTime), TimeOnly.FromDateTime(local.DateTime), item.CatchUp, digest.Key));
            lastRun = now;
        }

        var expected = Expected(activities, calendar, contacts).Order().ToArray();
        Assert.Equal(expected, sent.Select(s => (s.Key, s.Day)).Order().ToArray());
        Assert.NotEmpty(expected);
        Assert.All(sent, s => Assert.True(IsWorkingDay(s.Day), $"{s.Key} was sent on {s.Day}, a day off"));
        Assert.All(sent, s => Assert.Equal(new TimeOnly(8, 0), s.LocalTime));
        Assert.DoesNotContain(sent, s => s.CatchUp);
        // One card per person per day: every item of a person's day went out in one sweep, under one digest key.
        Assert.All(sent.GroupBy(s => s.DigestKey), g => Assert.Single(g.Select(s => s.LocalTime).Distinct()));
        // The clock changes (29 March, 25 October) do not move the window: sends in those weeks are at 08:00 local too.
        Assert.Contains(sent, s => s.Day >= new DateOnly(Year, 3, 30) && s.Day <= new DateOnly(Year, 4, 3));
        Assert.Contains(sent, s => s.Day >= new DateOnly(Year, 10, 26) && s.Day <= new DateOnly(Year, 10, 30));
        Assert.Contains(sent, s => s.Key.Contains(":escalate:"));
    }

    /// <summary>The policy's points, counted out day by day with the law's holidays listed in full.</summary>
    private static IEnumerable<(string Key, DateOnly Day)> Expected(IReadOnlyList<Activity> activities, WorkingDayCalendar calendar, ReminderContacts contacts)
    {
        foreach (var activity in activities)
        {
            if (activity.Status is ActivityStatus.Done or ActivityStatus.Cancelled) continue;
            var deadlines = activity.Occurrences.Count == 0 ? [activity.Deadline] : activity.Occurrences.Where(o => o.IsOpen).Select(o => o.Deadline).ToArray();
            var owner = activity.Owner!.ObjectId!.Value.ToString("D");
            foreach (var deadline in deadlines)
            {
                var prefix = $"{activity.Id:N}:{deadline:yyyyMMdd}:";
                var dueDay = deadline;
                while (!IsWorkingDay(dueDay)) dueDay = dueDay.AddDays(-1);
                yield return (prefix + "before-7:" + owner, Step(dueDay, -7));
                yield return (prefix + "before-1:" + owner, Step(dueDay, -1));
                yield return (prefix + "due:" + owner, dueDay);
                for (var n = 1; n <= 3; n++) yield return (prefix + $"late-{n}:" + owner, Step(deadline, n));
                foreach (var person in contacts.Managers.Concat(contacts.Communicators))
                    if (person.ObjectId != activity.Owner.ObjectId)
                        yield return (prefix + "escalate:" + person.ObjectId!.Value.ToString("D"), Step(deadline, 5));
            }
        }
    }

    private static DateOnly Step(DateOnly from, int workingDays)
    {
        var day = from;
        for (var left = Math.Abs(workingDays); left > 0;)
        {
            day = day.AddDays(Math.Sign(workingDays));
            if (IsWorkingDay(day)) left--;
        }
        return day;
    }

    /// <summary>Weekdays that are not Swedish public holidays (lag 1989:253) nor midsommar-, jul- or nyårsafton, in 2026 and January 2027.</summary>
    private static bool IsWorkingDay(DateOnly day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !DaysOff.Contains(day);

    private static readonly HashSet<DateOnly> DaysOff =
    [
        new(2026, 1, 1), new(2026, 1, 6), new(2026, 4, 3), new(2026, 4, 6), new(2026, 5, 1), new(2026, 5, 14),
        new(2026, 6, 6), new(2026, 6, 19), new(2026, 12, 24), new(2026, 12, 25), new(2026, 12, 31),
        new(2027, 1, 1), new(2027, 1, 6),
    ];
}
