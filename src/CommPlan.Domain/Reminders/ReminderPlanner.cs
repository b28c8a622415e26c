using CommPlan.Domain.Activities;
using CommPlan.Domain.Calendar;

namespace CommPlan.Domain.Reminders;

/// <summary>
/// Which reminders are due: a pure function of the plans (activities, policy, contacts), the calendar, the time zone,
/// the snoozes, now and the last run. A point of the policy falls due at the start of the send window on its day;
/// a sweep inside the window on a working day takes every point that fell due since the last run (or, on a first
/// run, today's). When several points of one deadline for one person fell due meanwhile (the app was down), only
/// the latest is taken, marked as a catch-up: one reminder, not a storm of stale ones. The caller records the keys
/// it sent, so that a sweep repeated after a crash does not send a key twice.
/// </summary>
public static class ReminderPlanner
{
    public static ReminderSweep Sweep(IReadOnlyList<PlanReminderInput> plans, WorkingDayCalendar calendar, TimeZoneInfo timeZone,
        IReadOnlyCollection<ReminderSnooze> snoozes, DateTimeOffset now, DateTimeOffset? lastRun)
    {
        var local = TimeZoneInfo.ConvertTime(now, timeZone);
        var today = DateOnly.FromDateTime(local.DateTime);
        if (!calendar.IsWorkingDay(today)) return new ReminderSweep(false, today, []);

        var snoozeIndex = snoozes.Count == 0 ? null : snoozes.ToLookup(s => (s.ActivityId, s.Deadline));
        var byRecipient = new Dictionary<string, (Owner Person, List<DueReminder> Items)>(StringComparer.Ordinal);
        var inWindow = false;
        foreach (var plan in plans)
        {
            var policy = plan.Policy;
            if (!policy.Enabled || !InWindow(policy, local)) continue;
            inWindow = true;
            var windowStart = MomentOf(today, policy.SendFrom, timeZone);
            // Points due after the last run; a first run takes today's only, so a new installation starts quietly.
            var since = lastRun is { } last && last < windowStart ? last : windowStart.AddTicks(-1);
            var sinceDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(since, timeZone).DateTime);
            var context = new Context(plan, calendar, timeZone, snoozeIndex, today, sinceDay, since, now);
            foreach (var activity in plan.Activities) context.Collect(activity, byRecipient);
        }
        if (!inWindow) return new ReminderSweep(false, today, []);

        var digests = byRecipient
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => new ReminderDigest($"{r.Key}:{today:yyyyMMdd}", r.Key, r.Value.Person, today,
                r.Value.Items.OrderBy(i => i.Deadline).ThenBy(i => i.Title, StringComparer.Ordinal).ThenBy(i => i.Key, StringComparer.Ordinal).ToArray()))
            .ToArray();
        return new ReminderSweep(true, today, digests);
    }

    /// <summary>
    /// What a sweep on <paramref name="day"/> would send when the app ran the day before: the points of that day,
    /// without catch-ups. The same function as the sweep, so the preview is what will happen.
    /// </summary>
    public static ReminderSweep Preview(IReadOnlyList<PlanReminderInput> plans, WorkingDayCalendar calendar, TimeZoneInfo timeZone,
        IReadOnlyCollection<ReminderSnooze> snoozes, DateOnly day)
    {
        if (!calendar.IsWorkingDay(day) || plans.Count == 0) return new ReminderSweep(false, day, []);
        var from = plans.Min(p => p.Policy.SendFrom);
        var now = MomentOf(day, from, timeZone);
        return Sweep(plans, calendar, timeZone, snoozes, now, now.AddTicks(-1));
    }

    public static bool InWindow(ReminderPolicy policy, DateTimeOffset local)
    {
        var time = TimeOnly.FromDateTime(local.DateTime);
        return time >= policy.SendFrom && time < policy.SendUntil;
    }

    /// <summary>The instant a local time of day occurs on a date; a time skipped by a DST change moves an hour on.</summary>
    public static DateTimeOffset MomentOf(DateOnly day, TimeOnly time, TimeZoneInfo timeZone)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        if (timeZone.IsInvalidTime(local)) local = local.AddHours(1);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, timeZone), TimeSpan.Zero);
    }

    private sealed class Context(
        PlanReminderInput plan, WorkingDayCalendar calendar, TimeZoneInfo timeZone, ILookup<(Guid, DateOnly), ReminderSnooze>? snoozes,
        DateOnly today, DateOnly sinceDay, DateTimeOffset since, DateTimeOffset now)
    {
        private readonly ReminderPolicy _policy = plan.Policy;
        // Deadlines outside these bounds have no point between the last run and today: skip them without counting
        // working days. A deadline before the working day that many working days before the last run has its last
        // point before it; one after the working day that many after today has its first point after today.
        private readonly DateOnly _earliestDeadline =
            calendar.AddWorkingDays(sinceDay, -(Math.Max(plan.Policy.LateReminders, plan.Policy.EscalateAfterWorkingDays) + 1));
        private readonly DateOnly _latestDeadline =
            calendar.AddWorkingDays(today, (plan.Policy.LeadWorkingDays.Count == 0 ? 0 : plan.Policy.LeadWorkingDays.Max()) + 1);
        private readonly List<(ReminderPoint Point, DateOnly Date)> _points = new(16);
        private readonly Dictionary<DateOnly, DateTimeOffset> _moments = [];
        private readonly Dictionary<Guid, string> _keys = [];

        public void Collect(Activity activity, Dictionary<string, (Owner, List<DueReminder>)> into)
        {
            if (activity.Status is not (ActivityStatus.Planned or ActivityStatus.InProgress)) return;
            var occurrences = activity.Occurrences;
            if (occurrences.Count == 0)
            {
                CollectDeadline(activity, activity.Deadline, false, into);
                return;
            }
            // Indexed, not foreach: the interface's enumerator would be allocated for each of thousands of activities.
            for (var i = 0; i < occurrences.Count; i++)
                if (occurrences[i].IsOpen) CollectDeadline(activity, occurrences[i].Deadline, true, into);
        }

        private void CollectDeadline(Activity activity, DateOnly deadline, bool isOccurrence, Dictionary<string, (Owner, List<DueReminder>)> into)
        {
            // A snooze can end long after the deadline's own points: its deadline is always looked at.
            if ((deadline < _earliestDeadline || deadline > _latestDeadline) && snoozes?.Contains((activity.Id, deadline)) != true) return;
            var ownerKey = activity.Owner is { } owner ? KeyOf(owner) : null;
            if (ownerKey is not null)
            {
                OwnerPoints(activity.Id, deadline, ownerKey);
                if (Latest() is { } chosen) Add(activity, deadline, isOccurrence, chosen, activity.Owner!, ownerKey, into);
            }
            if (_policy.EscalateAfterWorkingDays > 0)
            {
                var day = calendar.AddWorkingDays(deadline, _policy.EscalateAfterWorkingDays);
                if (!IsPending(day)) return;
                foreach (var person in EscalationRecipients(activity.UnitKey))
                {
                    var key = KeyOf(person);
                    if (key is null || key == ownerKey) continue;
                    Add(activity, deadline, isOccurrence, (new ReminderPoint(ReminderKind.Escalation, _policy.EscalateAfterWorkingDays), day), person, key, into);
                }
            }
        }

        /// <summary>The owner's points of the deadline that fell due since the last run, oldest first, in <see cref="_points"/>.</summary>
        private void OwnerPoints(Guid activityId, DateOnly deadline, string ownerKey)
        {
            _points.Clear();
            var snooze = snoozes?[(activityId, deadline)].Where(s => s.RecipientKey == ownerKey).MaxBy(s => s.Until);
            var dueDay = calendar.PreviousWorkingDayOnOrBefore(deadline);
            var leads = _policy.LeadWorkingDays;
            for (var i = 0; i < leads.Count; i++) // longest lead first, so the points come out oldest first
                Consider(new ReminderPoint(ReminderKind.Ahead, leads[i]), calendar.AddWorkingDays(dueDay, -leads[i]), snooze);
            if (_policy.OnTheDay) Consider(new ReminderPoint(ReminderKind.DueToday, 0), dueDay, snooze);
            for (var n = 1; n <= _policy.LateReminders; n++)
                Consider(new ReminderPoint(ReminderKind.Late, n), calendar.AddWorkingDays(deadline, n), snooze);
            if (snooze is not null)
            {
                var end = calendar.NextWorkingDayOnOrAfter(snooze.Until);
                // A policy point on the same day says more than "your snooze is over".
                if (IsPending(end) && !_points.Any(p => p.Date == end)) _points.Add((new ReminderPoint(ReminderKind.SnoozeEnded, 0), end));
            }
        }

        private void Consider(ReminderPoint point, DateOnly date, ReminderSnooze? snooze)
        {
            if (snooze is not null && date < snooze.Until) return;
            if (IsPending(date)) _points.Add((point, date));
        }

        private (ReminderPoint, DateOnly)? Latest()
        {
            if (_points.Count == 0) return null;
            var best = _points[0];
            for (var i = 1; i < _points.Count; i++)
                if (_points[i].Date >= best.Date) best = _points[i];
            return best;
        }

        /// <summary>Whether a point on this day fell due after the last run and by now.</summary>
        private bool IsPending(DateOnly date)
        {
            if (date > today || date < sinceDay) return false;
            if (!_moments.TryGetValue(date, out var at)) _moments[date] = at = MomentOf(date, _policy.SendFrom, timeZone);
            return at > since && at <= now;
        }

        private string? KeyOf(Owner person)
        {
            if (person.ObjectId is not { } id || id == Guid.Empty) return ReminderRecipients.KeyOf(person);
            if (!_keys.TryGetValue(id, out var key)) _keys[id] = key = ReminderRecipients.KeyOf(person)!;
            return key;
        }

        private IEnumerable<Owner> EscalationRecipients(string unitKey)
        {
            var named = _policy.UnitManagers.Where(m => m.UnitKey == unitKey).Select(m => new Owner(m.ObjectId, m.DisplayName)).ToArray();
            return (named.Length > 0 ? named : plan.Contacts.Managers).Concat(plan.Contacts.Communicators);
        }

        private void Add(Activity activity, DateOnly deadline, bool isOccurrence, (ReminderPoint Point, DateOnly Date) chosen,
            Owner person, string recipientKey, Dictionary<string, (Owner Person, List<DueReminder> Items)> into)
        {
            var code = chosen.Point.Kind == ReminderKind.SnoozeEnded ? $"snooze-{chosen.Date:yyyyMMdd}" : chosen.Point.Code;
            var key = $"{activity.Id:N}:{deadline:yyyyMMdd}:{code}:{recipientKey}";
            if (!into.TryGetValue(recipientKey, out var entry))
            {
                entry = (person, []);
                into[recipientKey] = entry;
            }
            // The same person escalated to twice for one deadline (a manager who is also a communicator) hears it once.
            if (entry.Items.Any(i => i.Key == key)) return;
            entry.Items.Add(new DueReminder(key, plan.PlanId, activity.Id, activity.Title, activity.UnitKey, deadline, isOccurrence,
                chosen.Point, chosen.Date, person, activity.Owner, activity.FollowUpMetric, CatchUp: chosen.Date < today));
        }
    }
}
