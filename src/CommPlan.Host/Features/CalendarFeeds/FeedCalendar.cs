using CommPlan.Application.Activities;
using CommPlan.Application.Storage;
using CommPlan.Domain.Activities;
using CommPlan.Domain.Plans;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Features.CalendarFeeds;

/// <summary>
/// A feed as iCalendar (RFC 5545): each activity's period as an all-day event, and each deadline (the activity's,
/// or each occurrence's) as an all-day event on its day. UIDs are made from the activity's id and what the event is,
/// so a calendar that polls again updates its events instead of adding new ones.
/// </summary>
public static class FeedCalendar
{
    public const string ContentType = "text/calendar";

    public static string Write(CalendarFeedContent content, IStringLocalizer<Text> text)
    {
        var calendar = new Calendar { ProductId = "-//CommPlan//Kommunikationsplan//EN" };
        calendar.AddProperty("METHOD", "PUBLISH");
        calendar.AddProperty("X-WR-CALNAME", content.Feed.Kind == CalendarFeedKind.Plan && content.Plans.Count == 1
            ? content.Plans[0].Plan.Title
            : text["Feed_Mine", content.Feed.DisplayName].Value);
        // Outlook and Apple calendars poll at the interval the feed asks for.
        calendar.AddProperty("REFRESH-INTERVAL;VALUE=DURATION", "PT1H");
        calendar.AddProperty("X-PUBLISHED-TTL", "PT1H");

        foreach (var (plan, activities) in content.Plans)
        foreach (var activity in activities)
        {
            var about = Describe(plan, activity, text);
            calendar.Events.Add(Event($"{activity.Id:N}-period@commplan", activity.Title, about, activity.Period.From, activity.Period.To));
            var deadlines = activity.Occurrences.Count > 0 ? activity.Occurrences.Select(o => o.Deadline) : [activity.Deadline];
            foreach (var deadline in deadlines)
                calendar.Events.Add(Event($"{activity.Id:N}-deadline-{deadline:yyyyMMdd}@commplan",
                    text["Feed_Deadline", activity.Title].Value, about, deadline, deadline));
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private static CalendarEvent Event(string uid, string summary, string description, DateOnly first, DateOnly last) => new()
    {
        Uid = uid,
        Summary = summary,
        Description = description,
        DtStart = new CalDateTime(first),
        // All-day events end on the day after (RFC 5545: DTEND is exclusive).
        DtEnd = new CalDateTime(last.AddDays(1)),
        // A plan's period does not make anyone busy.
        Transparency = TransparencyType.Transparent,
    };

    private static string Describe(Plan plan, Activity activity, IStringLocalizer<Text> text)
    {
        var lines = new List<string>
        {
            $"{plan.Title} · {plan.FindUnit(activity.UnitKey)?.Name ?? activity.UnitKey}",
            text["Status_" + activity.Status].Value,
        };
        if (activity.Owner is { } owner) lines.Add(owner.DisplayName);
        return string.Join("\n", lines);
    }
}
