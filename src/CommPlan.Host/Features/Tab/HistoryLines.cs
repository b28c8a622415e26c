using System.Globalization;
using CommPlan.Domain.Activities;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Features.Tab;

/// <summary>One change as the reader sees it: the field's label and its values in their language.</summary>
/// <param name="PlanText">Whether the values are the plan's own words (titles, names), in the plan's language rather than the reader's.</param>
public sealed record HistoryLine(string Field, string Before, string After, bool PlanText);

/// <summary>An entry of an activity's history as the reader sees it.</summary>
public sealed record HistoryItem(DateTimeOffset At, string When, string Who, IReadOnlyList<HistoryLine> Lines);

/// <summary>
/// Turns the stored history (culture-free values: ISO dates, status names, the plan's keys) into what the reader
/// reads: labels, dates and numbers in their language, the plan's names for its keys, times in the organisation's zone.
/// </summary>
public sealed class HistoryLines(TabPage page, IStringLocalizer<TextTab> text, TimeZoneInfo zone)
{
    public HistoryItem Item(ActivityHistoryEntry entry)
    {
        var local = TimeZoneInfo.ConvertTime(entry.At, zone);
        var when = TabPage.Date(DateOnly.FromDateTime(local.DateTime)) + " " + local.ToString("t", TabPage.Culture);
        return new HistoryItem(entry.At, when, entry.ActorName, entry.Changes.Select(Line).ToArray());
    }

    private HistoryLine Line(ActivityFieldChange c) => new(Label(c.Field), Value(c.Field, c.Before), Value(c.Field, c.After),
        c.Field is ActivityHistory.Title or ActivityHistory.Description or ActivityHistory.Unit or ActivityHistory.Channels
            or ActivityHistory.TargetGroups or ActivityHistory.Goals or ActivityHistory.FollowUpMetric);

    private string Label(string field)
    {
        if (field.StartsWith(ActivityHistory.OccurrencePrefix, StringComparison.Ordinal))
            return text["History_Occurrence", DateValue(field[ActivityHistory.OccurrencePrefix.Length..])];
        var key = field switch
        {
            ActivityHistory.Title => "Edit_FieldTitle",
            ActivityHistory.Description => "Activity_Description",
            ActivityHistory.Unit => "Col_Unit",
            ActivityHistory.PeriodFrom => "Edit_From",
            ActivityHistory.PeriodTo => "Edit_To",
            ActivityHistory.Deadline => "Col_Deadline",
            ActivityHistory.Recurrence => "Activity_Occurrences",
            ActivityHistory.Channels => "Col_Channels",
            ActivityHistory.TargetGroups => "Activity_TargetGroups",
            ActivityHistory.Goals => "Nav_Goals",
            ActivityHistory.Owner => "Col_Owner",
            ActivityHistory.FollowUpMetric => "Activity_Metric",
            ActivityHistory.Status => "Col_Status",
            ActivityHistory.CompletedOn => "Activity_CompletedOn",
            ActivityHistory.Figure => "History_Figure",
            _ => null,
        };
        return key is null ? field : text[key];
    }

    private string Value(string field, string? value)
    {
        if (string.IsNullOrEmpty(value)) return "–";
        if (field.StartsWith(ActivityHistory.OccurrencePrefix, StringComparison.Ordinal)) return StatusValue(value);
        return field switch
        {
            ActivityHistory.PeriodFrom or ActivityHistory.PeriodTo or ActivityHistory.Deadline or ActivityHistory.CompletedOn => DateValue(value),
            ActivityHistory.Status => StatusValue(value),
            ActivityHistory.Unit => page.UnitName(value),
            ActivityHistory.Channels => Names(value, page.ChannelName),
            ActivityHistory.TargetGroups => Names(value, page.TargetGroupName),
            ActivityHistory.Goals => Names(value, page.GoalName),
            ActivityHistory.Recurrence => RecurrenceValue(value),
            ActivityHistory.Figure => FigureValue(value),
            _ => value,
        };
    }

    private static string DateValue(string iso) =>
        DateOnly.TryParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? TabPage.Date(d) : iso;

    private string StatusValue(string name) => Enum.TryParse<ActivityStatus>(name, out var s) ? text["Status_" + s] : name;

    private static string Names(string keys, Func<string, string> name) => string.Join(", ", keys.Split(", ").Select(name));

    private string RecurrenceValue(string value)
    {
        var parts = value.Split(' ', 2);
        if (!Enum.TryParse<RecurrenceKind>(parts[0], out var kind)) return value;
        var detail = kind switch
        {
            RecurrenceKind.SpecificMonths when parts.Length > 1 =>
                string.Join(", ", parts[1].Split(',').Select(m => int.TryParse(m, out var n) && n is >= 1 and <= 12 ? TabPage.MonthName(n) : m)),
            _ when parts.Length > 1 => parts[1],
            _ => "",
        };
        return text["History_Recurrence_" + kind, detail];
    }

    /// <summary>"yyyy-MM-dd value note" (see <see cref="ActivityHistory.FigureOf"/>).</summary>
    private static string FigureValue(string value)
    {
        var parts = value.Split(' ', 3);
        if (parts.Length < 2 || !decimal.TryParse(parts[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var number)) return value;
        return $"{TabPage.Number(number)} ({DateValue(parts[0])}){(parts.Length > 2 ? " " + parts[2] : "")}";
    }
}
