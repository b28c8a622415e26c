using System.Globalization;
using System.Text.RegularExpressions;

namespace CommPlan.Domain.Activities;

public static partial class SchedulePhrase
{
    /// <summary>
    /// <see cref="TryParse"/>, and also what people write in a spreadsheet's "Tid" column that has no month in it:
    /// an ISO week or a run of weeks ("v. 12", "vecka 12–14", "uke 40") and the seasons ("våren", "hösten",
    /// "sommaren", and their Norwegian and English names). A week is clipped to the plan year.
    /// </summary>
    public static bool TryRead(string? text, int year, out Schedule schedule)
    {
        if (TryParse(text, year, out schedule)) return true;
        var t = (text ?? "").Trim().ToLower(CultureInfo.InvariantCulture).Replace('–', '-').Replace('—', '-');

        var weeks = Weeks().Match(t);
        if (weeks.Success)
        {
            var first = int.Parse(weeks.Groups["a"].Value, CultureInfo.InvariantCulture);
            var last = weeks.Groups["b"].Success ? int.Parse(weeks.Groups["b"].Value, CultureInfo.InvariantCulture) : first;
            var weeksInYear = ISOWeek.GetWeeksInYear(year);
            if (first < 1 || last > weeksInYear || first > last) return false;
            var from = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, first, DayOfWeek.Monday));
            var to = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, last, DayOfWeek.Sunday));
            var plan = Period.Year(year);
            schedule = new Schedule(new Period(from < plan.From ? plan.From : from, to > plan.To ? plan.To : to), null);
            return true;
        }

        // Terms as schools and adult education count them: spring Jan–Jun, autumn Aug–Dec.
        (int From, int To)? season = t switch
        {
            "våren" or "vår" or "vårterminen" or "våren/vårterminen" or "spring" => (1, 6),
            "sommaren" or "sommar" or "sommeren" or "sommer" or "summer" => (6, 8),
            "hösten" or "höst" or "höstterminen" or "høsten" or "høst" or "høstsemesteret" or "autumn" or "fall" => (8, 12),
            _ => null,
        };
        if (season is { } s)
        {
            schedule = new Schedule(Period.Months(year, s.From, s.To), null);
            return true;
        }
        return false;
    }

    // "v. 12", "v12", "vecka 12", "veckorna 12-14", "uke 40", "week 7", "w. 7"
    [GeneratedRegex(@"^(v\.?|vecka|veckorna|v\u00e4ckor|uke|uker|week|weeks|w\.?) ?(?<a>\d{1,2})( ?- ?(?<b>\d{1,2}))?$")]
    private static partial Regex Weeks();
}
