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
        var t = (text ?? "").Trim().ToLower(CultureInfo.InvariantCulture).Replace('–', '-').Replace('—', '-');
        var both = RepeatWithinPeriod().Match(t);
        if (both.Success)
        {
            schedule = new Schedule(Period.Year(year), null);
            if (!TryRecurrence(both.Groups["repeat"].Value, year, out var recurrence)
                || !TryRead(both.Groups["period"].Value, year, out var within) || within.Recurrence is not null
                || recurrence.Deadlines(within.Period).Count == 0) return false;
            schedule = new Schedule(within.Period, recurrence);
            return true;
        }
        if (TryParse(text, year, out schedule)) return true;

        // "maj 2027", "jan till mars": the plan's own year and a spelled-out range say nothing new.
        var yearAt = TrailingYear().Match(t);
        if (yearAt.Success)
        {
            if (yearAt.Groups["y"].Value != year.ToString(CultureInfo.InvariantCulture)) return false;
            t = t[..yearAt.Index].TrimEnd(' ', ',');
        }
        t = Spaces().Replace(SpelledRange().Replace(t, "-"), " ");
        if (t != (text ?? "").Trim().ToLower(CultureInfo.InvariantCulture) && TryParse(t, year, out schedule)) return true;
        if (TryPeopleForm(t, year, out schedule)) return true;

        var dates = Dates().Match(t);
        if (dates.Success)
        {
            if (!DateOnly.TryParseExact(dates.Groups["a"].Value, "yyyy-M-d", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)) return false;
            var to = from;
            if (dates.Groups["b"].Success
                && !DateOnly.TryParseExact(dates.Groups["b"].Value, "yyyy-M-d", CultureInfo.InvariantCulture, DateTimeStyles.None, out to)) return false;
            if (from > to || from.Year != year || to.Year != year) return false;
            schedule = new Schedule(new Period(from, to), null);
            return true;
        }

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
            "q1" or "kv1" or "kv 1" or "kv. 1" or "kvartal 1" or "1:a kvartalet" or "första kvartalet" or "1. kvartal" or "første kvartal" => (1, 3),
            "q2" or "kv2" or "kv 2" or "kv. 2" or "kvartal 2" or "2:a kvartalet" or "andra kvartalet" or "2. kvartal" or "andre kvartal" => (4, 6),
            "q3" or "kv3" or "kv 3" or "kv. 3" or "kvartal 3" or "3:e kvartalet" or "tredje kvartalet" or "3. kvartal" or "tredje kvartal" => (7, 9),
            "q4" or "kv4" or "kv 4" or "kv. 4" or "kvartal 4" or "4:e kvartalet" or "fjärde kvartalet" or "4. kvartal" or "fjerde kvartal" => (10, 12),
            _ => null,
        };
        if (season is { } s)
        {
            schedule = new Schedule(Period.Months(year, s.From, s.To), null);
            return true;
        }
        return false;
    }

    /// <summary>
    /// Repetitions people write in words: "två ggr/år", "fire ganger i året", "varannan månad", "varje vecka",
    /// "vår och höst" (once a term), "vid behov" (any time in the year).
    /// </summary>
    private static bool TryPeopleForm(string t, int year, out Schedule schedule)
    {
        schedule = new Schedule(Period.Year(year), null);
        var counted = CountedInWords().Match(t);
        if (counted.Success)
        {
            var n = Array.FindIndex(NumberWords, w => w.Contains(counted.Groups["n"].Value)) + 2;
            schedule = new Schedule(Period.Year(year), Recurrence.TimesPerYear(n));
            return true;
        }
        Recurrence? recurrence = t switch
        {
            "varannan månad" or "varannan mån" or "annenhver måned" or "annenhver mnd" or "hver annen måned" or "every other month" or "every two months"
                => Recurrence.TimesPerYear(6),
            "varje vecka" or "veckovis" or "en gång i veckan" or "1 gång i veckan" or "1 ggr/vecka" or "1 ggr/v" or "hver uke" or "ukentlig" or "ukentlig"
                or "ukentlige" or "en gang i uken" or "1 gang i uken" or "1 gang per uke" or "weekly" or "every week" => Recurrence.TimesPerYear(52),
            _ => null,
        };
        if (recurrence is not null)
        {
            schedule = new Schedule(Period.Year(year), recurrence);
            return true;
        }
        if (SpringAndAutumn().IsMatch(t))
        {
            schedule = new Schedule(Period.Year(year), Recurrence.PerTerm());
            return true;
        }
        return AsNeeded().IsMatch(t);
    }

    /// <summary>Two to twelve in Swedish and Norwegian (bokmål and nynorsk), in order.</summary>
    private static readonly string[][] NumberWords =
    [
        ["två", "to", "tvo"], ["tre"], ["fyra", "fire"], ["fem"], ["sex", "seks"], ["sju", "syv"], ["åtta", "åtte"],
        ["nio", "ni"], ["tio", "ti"], ["elva", "elleve"], ["tolv"],
    ];

    [GeneratedRegex(@"^(?<n>två|tvo|to|tre|fyra|fire|fem|sex|seks|sju|syv|åtta|åtte|nio|ni|tio|ti|elva|elleve|tolv) ?(ggr|gånger|ganger|gonger|g|tillfällen) ?(/|per|i|om|a)? ?(år|året|aret)$")]
    private static partial Regex CountedInWords();

    [GeneratedRegex(@"^(vår(en)?|vårterminen|spring) ?(och|og|and|&|\+|/|,) ?(höst(en)?|høst(en)?|höstterminen|autumn|fall)$|^(höst(en)?|høst(en)?|höstterminen|autumn|fall) ?(och|og|and|&|\+|/|,) ?(vår(en)?|vårterminen|spring)$")]
    private static partial Regex SpringAndAutumn();

    [GeneratedRegex(@"^(vid behov|efter behov|ved behov|etter behov|as needed|when needed|året runt|året rundt)$")]
    private static partial Regex AsNeeded();

    // "maj 2027", "jan-mars, 2027"
    [GeneratedRegex(@",? ?(?<y>(19|20)\d{2})$")]
    private static partial Regex TrailingYear();

    // "jan till mars", "januar til mars"
    [GeneratedRegex(@" +(till|til|t\.o\.m\.?|tom) +")]
    private static partial Regex SpelledRange();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>
    /// How a "Tid" cell repeats, alone: "4 ggr/år" (also once), "varje månad", "varje termin", "kvartalsvis", and
    /// named months ("maj", "maj och okt") as the months it falls due in.
    /// </summary>
    private static bool TryRecurrence(string text, int year, out Recurrence recurrence)
    {
        recurrence = Recurrence.Monthly();
        var t = text.Trim();
        var times = TimesPerYear().Match(t);
        if (times.Success)
        {
            var count = times.Groups["n"].Value;
            var n = char.IsAsciiDigit(count[0]) ? int.Parse(count, CultureInfo.InvariantCulture) : 1;
            if (n is < 1 or > 52) return false;
            recurrence = Recurrence.TimesPerYear(n);
            return true;
        }
        if (!TryParse(t, year, out var read)) return false;
        if (read.Recurrence is { } repeat) recurrence = repeat;
        else if (read.Period.From.Month == read.Period.To.Month && read.Period == Period.Month(year, read.Period.From.Month))
            recurrence = Recurrence.SpecificMonths([read.Period.From.Month]);
        else return false;
        return true;
    }

    // "varje månad (mar-jun)", "4 ggr/år (2027-02-01-2027-11-30)": a repetition within a period other than its own
    [GeneratedRegex(@"^(?<repeat>[^()]+?) ?\((?<period>[^()]+)\)$")]
    private static partial Regex RepeatWithinPeriod();

    // "2027-03-15", "2027-03-15 - 2027-04-10" (the dashes between the dates are read as "-")
    [GeneratedRegex(@"^(?<a>\d{4}-\d{1,2}-\d{1,2})( ?(-|till|til|to) ?(?<b>\d{4}-\d{1,2}-\d{1,2}))?$")]
    private static partial Regex Dates();

    // "v. 12", "v12", "vecka 12", "veckorna 12-14", "uke 40", "week 7", "w. 7"
    [GeneratedRegex(@"^(v\.?|vecka|veckorna|v\u00e4ckor|uke|uker|week|weeks|w\.?) ?(?<a>\d{1,2})( ?- ?(v\.?|vecka|uke|week|w\.?)? ?(?<b>\d{1,2}))?$")]
    private static partial Regex Weeks();
}
