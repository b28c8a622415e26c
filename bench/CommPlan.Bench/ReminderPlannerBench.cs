using System.Diagnostics;
using Activity = CommPlan.Domain.Activities.Activity;
using CommPlan.Domain.Activities;
using CommPlan.Domain.Calendar;
using CommPlan.Domain.Plans;
using CommPlan.Domain.Reminders;

/// <summary>
/// The reminder planner alone (no I/O): 10,000 activities of 1,000 owners, a third of them recurring monthly, with the
/// default policy. Measures the due set of one working day, the bytes allocated per sweep, and a simulated year of
/// scheduler ticks every 15 minutes with the ledger's dedup in memory.
/// </summary>
internal static class ReminderPlannerBench
{
    private static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    public static void Run(int activityCount = 10_000, int ownerCount = 1_000)
    {
        const int year = 2026;
        var plan = Plan.Create(Guid.NewGuid(), year, "Bench kommun", "Avdelningen", "Plan", [new Goal("g", "Mål")], [new TargetGroup("t", "Alla")],
            [new Channel("webb", "Webb")], [new Unit("u1", "Enhet 1"), new Unit("u2", "Enhet 2"), new Unit("u3", "Enhet 3")]);
        var random = new Random(14);
        var owners = Enumerable.Range(0, ownerCount).Select(i => new Owner(Guid.NewGuid(), $"Ägare {i}")).ToArray();
        var activities = new List<Activity>(activityCount);
        for (var i = 0; i < activityCount; i++)
        {
            var from = new DateOnly(year, 1, 1).AddDays(random.Next(0, 300));
            var to = from.AddDays(random.Next(5, 60));
            if (to.Year != year) to = new DateOnly(year, 12, 31);
            activities.Add(Activity.Create(Guid.NewGuid(), plan, new ActivityDetails
            {
                Title = "Aktivitet " + i,
                UnitKey = "u" + (1 + i % 3),
                Period = i % 3 == 0 ? Period.Months(year, 1 + from.Month % 6, 12) : new Period(from, to),
                Recurrence = i % 3 == 0 ? Recurrence.Monthly() : null,
                Owner = owners[i % ownerCount],
            }, new DateOnly(year, 1, 1)));
        }
        var occurrences = activities.Sum(a => Math.Max(1, a.Occurrences.Count));
        PlanReminderInput[] input = [new(plan.Id, activities, ReminderPolicy.Default, new ReminderContacts([owners[0]], [owners[1]]))];
        var calendar = WorkingDayCalendar.SwedishDefault;

        Console.WriteLine($"Reminder planner: {activityCount:N0} activities ({occurrences:N0} deadlines), {ownerCount:N0} owners, default policy, {Environment.ProcessorCount} cores");
        var now = new DateTimeOffset(2026, 9, 15, 6, 5, 0, TimeSpan.Zero); // Tuesday 08:05 in Stockholm
        var lastRun = new DateTimeOffset(2026, 9, 14, 14, 0, 0, TimeSpan.Zero);
        ReminderSweep sweep = null!;
        for (var i = 0; i < 5; i++) sweep = ReminderPlanner.Sweep(input, calendar, Stockholm, [], now, lastRun);
        var times = new List<double>();
        long allocated = 0;
        const int rounds = 30;
        for (var i = 0; i < rounds; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            sweep = ReminderPlanner.Sweep(input, calendar, Stockholm, [], now, lastRun);
            times.Add(watch.Elapsed.TotalMilliseconds);
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        }
        times.Sort();
        Console.WriteLine($"  due set on one day: {sweep.Items.Count():N0} reminders in {sweep.Digests.Count:N0} digests; " +
            $"median {times[rounds / 2]:F1} ms, min {times[0]:F1} ms, max {times[^1]:F1} ms; {allocated / rounds / 1024.0:N0} KiB allocated per sweep");

        // A year of ticks every 15 minutes, as the scheduler runs them: only sweeps inside the window count as runs.
        var ledger = new HashSet<string>();
        DateTimeOffset? last = null;
        var ticks = 0;
        var sent = 0;
        var yearWatch = Stopwatch.StartNew();
        var yearAllocated = GC.GetAllocatedBytesForCurrentThread();
        for (var t = new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero); t < new DateTimeOffset(year + 1, 1, 1, 0, 0, 0, TimeSpan.Zero); t = t.AddMinutes(15))
        {
            ticks++;
            var s = ReminderPlanner.Sweep(input, calendar, Stockholm, [], t, last);
            if (!s.InWindow) continue;
            foreach (var item in s.Items) if (ledger.Add(item.Key)) sent++;
            last = t;
        }
        Console.WriteLine($"  simulated year: {ticks:N0} ticks (every 15 min), {sent:N0} reminders sent once each, in {yearWatch.Elapsed.TotalSeconds:F1} s; " +
            $"{(GC.GetAllocatedBytesForCurrentThread() - yearAllocated) / 1024.0 / 1024.0:N0} MiB allocated");
    }
}
