using CommPlan.Domain.Calendar;

namespace CommPlan.Application;

/// <summary>
/// The organisation's sense of time: "today" in its own time zone (a deadline is a local date, not a UTC one)
/// and its working-day calendar.
/// </summary>
public sealed class OrganisationClock(TimeProvider time, TimeZoneInfo timeZone, WorkingDayCalendar calendar)
{
    public TimeProvider Time { get; } = time;
    public TimeZoneInfo TimeZone { get; } = timeZone;
    public WorkingDayCalendar Calendar { get; } = calendar;

    public DateTimeOffset Now => TimeZoneInfo.ConvertTime(Time.GetUtcNow(), TimeZone);

    public DateOnly Today => DateOnly.FromDateTime(Now.DateTime);
}
