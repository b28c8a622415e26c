using System.Globalization;
using System.Text.RegularExpressions;

namespace CommPlan.Domain.Activities;

/// <summary>A period and, for recurring rows, how they repeat: what a "Tid" cell means.</summary>
public sealed record Schedule(Period Period, Recurrence? Recurrence);

/// <summary>
/// Reads the "Tid" column as municipalities write it, in Swedish, Norwegian or English: "jan–feb", "maj", "maj och
/// okt", "4 ggr/år", "1 tillfälle per termin", "kvartalsvis", "löpande", "hver måned", "1 gang i måneden", "hvert
/// semester". Used by the demo plan and by imports.
/// </summary>
public static partial class SchedulePhrase
{
    private static readonly (string Prefix, int Month)[] MonthNames =
    [
        ("januari", 1), ("januar", 1), ("january", 1), ("jan", 1),
        ("februari", 2), ("februar", 2), ("february", 2), ("feb", 2),
        ("mars", 3), ("march", 3), ("mar", 3),
        ("april", 4), ("apr", 4),
        ("maj", 5), ("mai", 5), ("may", 5),
        ("juni", 6), ("june", 6), ("jun", 6),
        ("juli", 7), ("july", 7), ("jul", 7),
        ("augusti", 8), ("august", 8), ("aug", 8),
        ("september", 9), ("sept", 9), ("sep", 9),
        ("oktober", 10), ("october", 10), ("okt", 10), ("oct", 10),
        ("november", 11), ("nov", 11),
        ("december", 12), ("desember", 12), ("dec", 12), ("des", 12),
    ];

    public static bool TryParse(string? text, int year, out Schedule schedule)
    {
        schedule = new Schedule(Period.Year(year), null);
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = text.Trim().ToLower(CultureInfo.InvariantCulture).Replace('–', '-').Replace('—', '-');

        if (Ongoing().IsMatch(t)) return true;
        if (MonthlyWords().IsMatch(t))
        {
            schedule = new Schedule(Period.Year(year), Recurrence.Monthly());
            return true;
        }
        if (PerTermWords().IsMatch(t))
        {
            schedule = new Schedule(Period.Year(year), Recurrence.PerTerm());
            return true;
        }
        if (QuarterlyWords().IsMatch(t))
        {
            schedule = new Schedule(Period.Year(year), Recurrence.TimesPerYear(4));
            return true;
        }
        var times = TimesPerYear().Match(t);
        if (times.Success)
        {
            var count = times.Groups["n"].Value;
            var n = char.IsAsciiDigit(count[0]) ? int.Parse(count, CultureInfo.InvariantCulture) : 1;
            if (n is < 1 or > 52) return false;
            schedule = new Schedule(Period.Year(year), n == 1 ? null : Recurrence.TimesPerYear(n));
            return true;
        }

        var range = MonthRange().Match(t);
        if (range.Success && TryMonth(range.Groups["a"].Value, out var from) && TryMonth(range.Groups["b"].Value, out var to) && from <= to)
        {
            schedule = new Schedule(Period.Months(year, from, to), null);
            return true;
        }

        var words = MonthList().Split(t).Where(w => w.Length > 0).ToArray();
        var months = new List<int>();
        foreach (var w in words)
        {
            if (!TryMonth(w, out var m)) return false;
            months.Add(m);
        }
        if (months.Count == 0) return false;
        months.Sort();
        schedule = months.Count == 1
            ? new Schedule(Period.Month(year, months[0]), null)
            : new Schedule(Period.Months(year, months[0], months[^1]), Recurrence.SpecificMonths(months));
        return true;
    }

    private static bool TryMonth(string word, out int month)
    {
        var w = word.Trim().TrimEnd('.');
        foreach (var (prefix, m) in MonthNames)
        {
            if (w == prefix) { month = m; return true; }
        }
        month = 0;
        return false;
    }

    [GeneratedRegex(@"^(löpande|løpende|fortlöpande|fortløpende|kontinuerlig(t)?|ongoing|hela året|hele året|all year|jan-dec)$")]
    private static partial Regex Ongoing();

    // "1 gång i månaden", "en gang i måneden", "1 ggr/mån", "1 g per mnd"
    [GeneratedRegex(@"^(varje månad|månadsvis|månatligen|hver måned|hver mnd|månedlig(t)?|monthly|(1|en|ei|ein|one) ?(gång|gang|ggr|g|time) ?(per|i|/|om|a) ?(månad|månaden|måned|måneden|mån|mnd|month))$")]
    private static partial Regex MonthlyWords();

    // "1 tillfälle per termin", "varje termin", "hvert semester", "1 ggr/termin"
    [GeneratedRegex(@"((per|varje|hver|hvert|each) |/ ?)(termin|semester|term)")]
    private static partial Regex PerTermWords();

    // "kvartalsvis", "varje kvartal", "hvert kvartal", "1 ggr/kvartal"
    [GeneratedRegex(@"^(kvartalsvis|quarterly|(varje|hvert|per|each) (kvartal|quarter)|(1|en|ei|ett|et|one) ?(gång|gang|ggr|g|time) ?(per|i|/|om|a) ?(kvartal|kvartalet|quarter))$")]
    private static partial Regex QuarterlyWords();

    // "4 ggr/år", "4 ganger i året", "en gång per år"; a word count means once
    [GeneratedRegex(@"^(?<n>\d{1,2}|en|ett|ei|ein|et|one) ?(ggr|gånger|gång|tillfällen|tillfälle|ganger|gang|g|times|time|x) ?(/|per|i|om|a|each)? ?(år|året|year)$")]
    private static partial Regex TimesPerYear();

    [GeneratedRegex(@"^(?<a>[a-zåäöæø]+\.?) ?- ?(?<b>[a-zåäöæø]+\.?)$")]
    private static partial Regex MonthRange();

    [GeneratedRegex(@"\s*(?:,|\boch\b|\bog\b|\band\b|&|\+)\s*|\s+")]
    private static partial Regex MonthList();
}
