using System.Globalization;
using CommPlan.Application;
using CommPlan.Application.Access;
using CommPlan.Application.Activities;
using CommPlan.Application.Plans;
using CommPlan.Domain.Activities;
using CommPlan.Host.Features.Tab;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Pages.Tab;

/// <summary>
/// Every activity, filtered and sorted by what the address says (?unit=…&amp;status=late&amp;sort=deadline), so that a
/// view can be shared as a link; the counts per status are of the activities the other filters leave.
/// </summary>
public class ListModel(PlanService plans, ActivityService activities, AccessGate gate, OrganisationClock clock, IStringLocalizer<TextTab> text)
    : TabPage(plans, activities, gate, clock)
{
    public static readonly IReadOnlyList<string> Sorts = ["period", "deadline", "title", "unit", "owner", "status"];

    public override string View => "list";
    public override string Heading => text["List_Title"];

    [BindProperty(SupportsGet = true)] public string? Unit { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Owner { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Channel { get; set; }
    [BindProperty(SupportsGet = true, Name = "target")] public string? TargetGroup { get; set; }
    [BindProperty(SupportsGet = true)] public string? Goal { get; set; }
    [BindProperty(SupportsGet = true)] public int? Month { get; set; }
    [BindProperty(SupportsGet = true)] public bool Late { get; set; }
    [BindProperty(SupportsGet = true)] public bool Mine { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }

    /// <summary>The activities the filters leave, sorted.</summary>
    public IReadOnlyList<Activity> Rows { get; private set; } = [];

    /// <summary>How many of the activities the other filters leave have each status (late counted on its own).</summary>
    public IReadOnlyList<(StatusView Status, int Count)> Counts { get; private set; } = [];

    /// <summary>Everyone who owns an activity in the plan, for the owner filter.</summary>
    public IReadOnlyList<Owner> Owners { get; private set; } = [];

    public virtual async Task OnGetAsync(CancellationToken ct)
    {
        if (Month is < 1 or > 12) Month = null;
        if (Sort is not null && !Sorts.Contains(Sort)) Sort = null;
        if (Status is not null && !StatusView.All.Any(s => s.Key.Equals(Status, StringComparison.OrdinalIgnoreCase))) Status = null;
        var filter = new ActivityFilter
        {
            Unit = Blank(Unit), Owner = Owner, Channel = Blank(Channel), TargetGroup = Blank(TargetGroup), Goal = Blank(Goal), Month = Month,
        };
        if (!await LoadAsync(ActivityFilter.None, ct)) return;
        if (Mine) filter = MineFilter(Actor!, filter);
        var all = Activities.Select(a => a.Value).ToArray();
        Owners = all.Select(a => a.Owner).OfType<Owner>().Where(o => o.ObjectId is not null).DistinctBy(o => o.ObjectId)
            .OrderBy(o => o.DisplayName, StringComparer.CurrentCulture).ToArray();
        var filtered = all.Where(a => filter.Matches(a, Plan!.Year, Today)).ToArray();
        Counts = StatusView.All.Select(s => (s, filtered.Count(a => Has(a, s)))).ToArray();
        var chosen = Status is null ? null : StatusView.All.First(s => s.Key.Equals(Status, StringComparison.OrdinalIgnoreCase));
        Rows = Sorted(filtered.Where(a => (chosen is null || Has(a, chosen)) && (!Late || a.IsLate(Today)))).ToArray();
    }

    /// <summary>Whether an activity counts under a status: late ones also count as what they are (planned, in progress).</summary>
    private bool Has(Activity a, StatusView s) => s == StatusView.Late ? a.IsLate(Today) : StatusView.Of(a.Status) == s;

    private IEnumerable<Activity> Sorted(IEnumerable<Activity> rows) => Sort switch
    {
        "deadline" => rows.OrderBy(a => a.Deadline).ThenBy(a => a.Title, StringComparer.CurrentCulture),
        "title" => rows.OrderBy(a => a.Title, StringComparer.CurrentCulture),
        "unit" => rows.OrderBy(a => UnitName(a.UnitKey), StringComparer.CurrentCulture).ThenBy(a => a.Period.From),
        "owner" => rows.OrderBy(a => a.Owner?.DisplayName ?? "\uffff", StringComparer.CurrentCulture).ThenBy(a => a.Deadline),
        "status" => rows.OrderBy(a => StatusView.All.ToList().IndexOf(StatusOf(a))).ThenBy(a => a.Deadline),
        _ => rows, // The application's order: by period, then deadline.
    };

    /// <summary>The address of this list with one parameter changed (null removes it), the others kept.</summary>
    public string With(string name, string? value)
    {
        var query = Request.Query.Where(q => q.Key != name && q.Key != "culture" && q.Key != "theme")
            .SelectMany(q => q.Value.Select(v => (q.Key, Value: v ?? "")))
            .Concat(value is null ? [] : [(Key: name, Value: value)])
            .Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value));
        var text = string.Join("&", query);
        return Request.Path + (text.Length > 0 ? "?" + text : "");
    }

    public string? AriaSort(string sort) => (Sort ?? "period") == sort ? "ascending" : null;

    public static string MonthValue(int m) => m.ToString(CultureInfo.InvariantCulture);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
