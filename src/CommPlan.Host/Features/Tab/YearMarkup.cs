using System.Globalization;
using System.Text.Encodings.Web;
using CommPlan.Domain.Activities;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Features.Tab;

/// <summary>
/// The parts of the year view that repeat per activity: the grid's rows, the wheel's arcs and the list beside the
/// wheel. With a thousand activities, writing them through Razor (an encoder pass, attribute assembly and a localizer
/// look-up per expression) took most of the page's time; here each text is looked up and encoded once per page
/// (statuses, periods, dates, each title once for all three places) and the markup is written as it stands.
/// </summary>
public sealed class YearMarkup
{
    private static readonly string[] StartLines = [.. Enumerable.Range(0, YearGeometry.Columns + 3).Select(i => "gs" + i.ToString(CultureInfo.InvariantCulture))];

    private readonly TabPage _page;
    private readonly IStringLocalizer _text;
    private readonly HtmlEncoder _encoder;
    private readonly int _year;
    private readonly string _activityBase;
    private readonly string? _today;
    private readonly string? _lang;
    private readonly Dictionary<StatusView, string> _statusTexts = [];
    private readonly Dictionary<Activity, Entry> _entries = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Period, (string Bar, string Text)> _periods = [];
    private readonly Dictionary<DateOnly, string> _dates = [];
    private readonly Dictionary<(double, double, double, double), string> _sectors = [];
    private readonly Entry[] _all;

    public YearMarkup(TabPage page, IEnumerable<Activity> activities, IStringLocalizer text, HtmlEncoder encoder)
    {
        _page = page;
        _text = text;
        _encoder = encoder;
        _year = page.Plan!.Year;
        _activityBase = encoder.Encode(page.ActivityLink(Guid.Empty)[..^Guid.Empty.ToString().Length]);
        _today = page.MarkClass();
        _lang = page.ContentLang;
        _all = [.. activities.Select(EntryOf)];
    }

    /// <summary>An activity as this page shows it, worked out once: its id, its title encoded, status and months.</summary>
    private sealed record Entry(Activity Activity, string Id, string Title, StatusView Status, int Months)
    {
        public bool ActiveIn(int month) => (Months & (1 << month)) != 0;

        /// <summary>The first month of the year in which it has something happening (0 when none).</summary>
        public int FirstMonth => Months == 0 ? 0 : System.Numerics.BitOperations.TrailingZeroCount(Months);

        public bool SeveralMonths => (Months & (Months - 1)) != 0;
    }

    private Entry EntryOf(Activity a)
    {
        if (_entries.TryGetValue(a, out var known)) return known;
        var months = 0;
        for (var m = 1; m <= 12; m++)
            if (a.IsActiveIn(_year, m)) months |= 1 << m;
        return _entries[a] = new Entry(a, a.Id.ToString(), _encoder.Encode(a.Title), _page.StatusOf(a), months);
    }

    /// <summary>How many activities have something happening in a month, and how many of them are late.</summary>
    public (int Count, int Late) CountIn(int month)
    {
        var (count, late) = (0, 0);
        foreach (var e in _all)
        {
            if (!e.ActiveIn(month)) continue;
            count++;
            if (e.Status == StatusView.Late) late++;
        }
        return (count, late);
    }

    /// <summary>The grid's rows of one unit: a link, a bar over the period with its words for screen readers, deadlines, today.</summary>
    public IHtmlContent Rows(IEnumerable<Activity> items) => new Written(w =>
    {
        foreach (var a in items) WriteRow(w, EntryOf(a));
    });

    private void WriteRow(TextWriter w, Entry e)
    {
        var a = e.Activity;
        var recurring = a.Occurrences.Count > 0;
        var (bar, period) = PeriodOf(a.Period);
        w.Write("<li class=\"year-row\" data-activity=\"");
        w.Write(e.Id);
        w.Write("\"><a class=\"year-title\" href=\"");
        w.Write(_activityBase);
        w.Write(e.Id);
        w.Write("\">");
        WriteTitle(w, e);
        w.Write("</a><span class=\"bar ");
        w.Write(e.Status.Css);
        w.Write(recurring ? " recurring " : " ");
        w.Write(bar);
        w.Write("\"><span class=\"symbol\" aria-hidden=\"true\">");
        w.Write(e.Status.Symbol);
        w.Write("</span><span class=\"sr\">");
        w.Write(period);
        w.Write(", ");
        w.Write(StatusText(e.Status));
        w.Write("</span></span>");
        if (recurring)
        {
            foreach (var o in a.Occurrences)
            {
                if (o.Deadline.Year != _year) continue;
                var os = _page.StatusOf(o);
                w.Write("<span class=\"occurrence ");
                w.Write(os.Css);
                w.Write(' ');
                w.Write(StartLines[YearGeometry.Column(o.Deadline) + 1]);
                w.Write("\" aria-hidden=\"true\">");
                w.Write(os.Symbol);
                w.Write("</span>");
            }
            w.Write("<span class=\"sr\">");
            w.Write(_encoder.Encode(_text["Year_Occurrences", string.Join(", ", a.Occurrences.Select(o => TabPage.Date(o.Deadline) + " " + _text[_page.StatusOf(o).TextKey]))]));
            w.Write("</span>");
        }
        else if (a.Deadline.Year == _year)
        {
            w.Write("<span class=\"deadline ");
            w.Write(StartLines[YearGeometry.Column(a.Deadline) + 1]);
            w.Write("\" aria-hidden=\"true\">◆</span><span class=\"sr\">");
            w.Write(DeadlineText(a.Deadline));
            w.Write("</span>");
        }
        if (_today is not null)
        {
            w.Write("<span class=\"today ");
            w.Write(_today);
            w.Write("\" aria-hidden=\"true\"></span>");
        }
        w.Write("</li>");
    }

    /// <summary>One unit's ring of the wheel: each activity an arc over its period (or each occurrence's month), titled for pointing at.</summary>
    public IHtmlContent Arcs(string unitName, IEnumerable<Activity> items, double r0, double r1) => new Written(w =>
    {
        var unit = _encoder.Encode(unitName);
        foreach (var a in items)
        {
            var e = EntryOf(a);
            if (a.Occurrences.Count > 0)
            {
                foreach (var o in a.Occurrences)
                    if (o.Deadline.Year == _year) WriteArc(w, e, unit, new DateOnly(_year, o.Deadline.Month, 1), o.Deadline, r0, r1);
            }
            else
            {
                WriteArc(w, e, unit, a.Period.From.Year < _year ? new DateOnly(_year, 1, 1) : a.Period.From,
                    a.Period.To.Year > _year ? new DateOnly(_year, 12, 31) : a.Period.To, r0, r1);
            }
        }
    });

    private void WriteArc(TextWriter w, Entry e, string unit, DateOnly from, DateOnly to, double r0, double r1)
    {
        var start = YearGeometry.Angle(from);
        var end = Math.Max(YearGeometry.Angle(to, endOfDay: true), start + 2);
        // Activities of a unit often share a period: each arc's path is worked out once.
        if (!_sectors.TryGetValue((start, end, r0, r1), out var d)) _sectors[(start, end, r0, r1)] = d = YearGeometry.Sector(start, end, r0, r1);
        w.Write("<path class=\"arc ");
        w.Write(e.Status.Css);
        w.Write("\" d=\"");
        w.Write(d);
        w.Write("\"><title>");
        w.Write(e.Title);
        w.Write(" – ");
        w.Write(unit);
        w.Write(" – ");
        w.Write(StatusText(e.Status));
        w.Write("</title></path>");
    }

    /// <summary>
    /// The list beside the wheel, month by month: each activity is named once, in the month it begins, with the months
    /// it runs when more than one (so a plan of long campaigns does not repeat them in every month they touch); a month
    /// tells how many continue into it, and its link opens the list of everything that month.
    /// </summary>
    public IHtmlContent WheelList(Func<int, string> monthLink) => new Written(w =>
    {
        var starting = new List<Entry>[13];
        for (var m = 1; m <= 12; m++) starting[m] = [];
        foreach (var e in _all)
            if (e.FirstMonth > 0) starting[e.FirstMonth].Add(e);
        var nothing = _encoder.Encode(_text["Wheel_Nothing"]);
        for (var m = 1; m <= 12; m++)
        {
            var (count, _) = CountIn(m);
            var continuing = count - starting[m].Count;
            w.Write("<li id=\"wheel-month-");
            w.Write(m.ToString(CultureInfo.InvariantCulture));
            w.Write("\"><a href=\"");
            w.Write(_encoder.Encode(monthLink(m)));
            w.Write("\">");
            w.Write(_encoder.Encode(TabPage.MonthName(m)));
            w.Write("</a>");
            if (count == 0)
            {
                w.Write(" <span class=\"empty\">– ");
                w.Write(nothing);
                w.Write("</span></li>");
                continue;
            }
            w.Write("<ul>");
            foreach (var e in starting[m])
            {
                w.Write("<li><span class=\"symbol ");
                w.Write(e.Status.Css);
                w.Write("\" aria-hidden=\"true\">");
                w.Write(e.Status.Symbol);
                w.Write("</span> <a href=\"");
                w.Write(_activityBase);
                w.Write(e.Id);
                w.Write("\">");
                WriteTitle(w, e);
                w.Write("</a> <span class=\"sr\">(");
                w.Write(StatusText(e.Status));
                w.Write(")</span>");
                if (e.SeveralMonths)
                {
                    w.Write(" <span class=\"months\">");
                    w.Write(MonthsText(e));
                    w.Write("</span>");
                }
                w.Write("</li>");
            }
            if (continuing > 0)
            {
                w.Write("<li class=\"continuing\">");
                w.Write(_encoder.Encode(_text["Wheel_Continuing", continuing]));
                w.Write("</li>");
            }
            w.Write("</ul></li>");
        }
    });

    /// <summary>When it runs: its period in words, or the months its occurrences fall due.</summary>
    private string MonthsText(Entry e) =>
        e.Activity.Occurrences.Count > 0
            ? _encoder.Encode(string.Join(", ", Enumerable.Range(1, 12).Where(e.ActiveIn).Select(TabPage.ShortMonthName)))
            : PeriodOf(e.Activity.Period).Text;

    private void WriteTitle(TextWriter w, Entry e)
    {
        if (_lang is null)
        {
            w.Write(e.Title);
            return;
        }
        w.Write("<span lang=\"");
        w.Write(_lang);
        w.Write("\">");
        w.Write(e.Title);
        w.Write("</span>");
    }

    private string StatusText(StatusView s) =>
        _statusTexts.TryGetValue(s, out var t) ? t : _statusTexts[s] = _encoder.Encode(_text[s.TextKey]);

    private (string Bar, string Text) PeriodOf(Period p) =>
        _periods.TryGetValue(p, out var known) ? known : _periods[p] = (YearGeometry.BarClasses(p, _year), _encoder.Encode(PeriodText(p)));

    private string DeadlineText(DateOnly d) =>
        _dates.TryGetValue(d, out var t) ? t : _dates[d] = _encoder.Encode(_text["Year_DeadlineOn", TabPage.Date(d)]);

    /// <summary>"March–May 2026" or "3 March 2026" for a single day: the period in words, for those who do not see the bar.</summary>
    public static string PeriodText(Period p) =>
        p.From == p.To ? TabPage.Date(p.From)
        : p.From.Day == 1 && p.To.Day == DateTime.DaysInMonth(p.To.Year, p.To.Month)
            ? (p.From.Month == p.To.Month ? TabPage.MonthName(p.From.Month) : $"{TabPage.MonthName(p.From.Month)}–{TabPage.MonthName(p.To.Month)}")
            : $"{TabPage.Date(p.From)} – {TabPage.Date(p.To)}";

    /// <summary>Markup written straight to the page's writer when the page is sent.</summary>
    private sealed class Written(Action<TextWriter> write) : IHtmlContent
    {
        public void WriteTo(TextWriter writer, HtmlEncoder encoder) => write(writer);
    }
}
