using System.Globalization;
using CommPlan.Application;
using CommPlan.Application.Access;
using CommPlan.Application.Activities;
using CommPlan.Application.Plans;
using CommPlan.Application.Storage;
using CommPlan.Domain.Access;
using CommPlan.Domain.Activities;
using CommPlan.Domain.Plans;
using CommPlan.Host.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Options;

namespace CommPlan.Host.Features.Tab;

/// <summary>
/// What every view of the plan tab shares: the signed-in actor, the plan (the one in the route, else the current
/// one), its activities as the application lets the actor read them, today in the organisation's time zone, and the
/// reader's language for names of months, dates and week numbers.
/// </summary>
public abstract class TabPage(PlanService plans, ActivityService activities, AccessGate gate, OrganisationClock clock) : PageModel
{
    /// <summary>Themes Teams reports through teams-js (app.getContext().app.theme) and this app draws.</summary>
    public static readonly IReadOnlyList<string> Themes = ["default", "dark", "contrast"];

    protected PlanService PlanService { get; } = plans;
    protected ActivityService ActivityService { get; } = activities;
    protected AccessGate Gate { get; } = gate;

    [FromRoute(Name = "planId")]
    public Guid? RoutePlanId { get; set; }

    public bool SignedIn { get; private set; }
    public Actor? Actor { get; private set; }
    public Plan? Plan { get; private set; }
    public PlanAccess? Access { get; private set; }
    public IReadOnlyList<Versioned<Activity>> Activities { get; private set; } = [];
    public DateOnly Today { get; private set; }

    /// <summary>Which of the tab's views this is, for the navigation to mark.</summary>
    public abstract string View { get; }

    /// <summary>The page's heading (and window title).</summary>
    public abstract string Heading { get; }

    /// <summary>The language of the heading when it is text from the plan (an activity's title) in another language than the page.</summary>
    public virtual string? HeadingLang => null;

    /// <summary>The theme asked for in the address (?theme=dark), so a view looks right before teams-js answers.</summary>
    public string Theme { get; private set; } = "default";

    public static CultureInfo Culture => CultureInfo.CurrentCulture;

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        var theme = Request.Query["theme"].ToString();
        if (Themes.Contains(theme)) Theme = theme;
        // A language picked by link or by the Teams locale holds for the next views too, which link without it.
        if (HttpContext.Features.Get<IRequestCultureFeature>() is { Provider: QueryStringRequestCultureProvider } feature)
            Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(feature.RequestCulture),
                new CookieOptions { Path = "/", HttpOnly = true, Secure = Request.IsHttps, SameSite = Request.IsHttps ? SameSiteMode.None : SameSiteMode.Lax, IsEssential = true });
    }

    /// <summary>Reads the actor, the plan and its activities; false when there is nothing to show (not signed in, no plan).</summary>
    protected async Task<bool> LoadAsync(ActivityFilter filter, CancellationToken ct)
    {
        Today = clock.Today;
        SignedIn = User.Identity?.IsAuthenticated == true;
        if (!SignedIn || ActorClaims.FromUser(User) is not { } actor) return false;
        Actor = actor;
        Plan = RoutePlanId is { } id ? await PlanService.GetAsync(actor, id, ct) : await PlanService.FindCurrentAsync(actor, ct);
        if (Plan is null) return false;
        Access = await Gate.ForPlanAsync(actor, Plan.Id, ct);
        Activities = await ActivityService.ListAsync(actor, Plan.Id, filter, ct);
        return true;
    }

    /// <summary>The filter that finds the actor's own activities, also those given to them by e-mail before the app knew them.</summary>
    protected static ActivityFilter MineFilter(Actor actor, ActivityFilter filter) => filter with { Owner = actor.ObjectId, OwnerEmail = actor.Email };

    public string Link(string view, string? query = null) =>
        $"/plans/{Plan!.Id}/{view}{(string.IsNullOrEmpty(query) ? "" : "?" + query)}";

    public string ActivityLink(Guid activityId) => $"/plans/{Plan!.Id}/activities/{activityId}";

    public string UnitName(string key) => Plan?.FindUnit(key)?.Name ?? key;
    public string GoalName(string key) => Plan?.Goals.FirstOrDefault(x => x.Key == key)?.Name ?? key;
    public string ChannelName(string key) => Plan?.Channels.FirstOrDefault(x => x.Key == key)?.Name ?? key;
    public string TargetGroupName(string key) => Plan?.TargetGroups.FirstOrDefault(x => x.Key == key)?.Name ?? key;

    public static string MonthName(int month) => Capital(Culture.DateTimeFormat.GetMonthName(month));
    public static string ShortMonthName(int month) => Capital(Culture.DateTimeFormat.GetAbbreviatedMonthName(month).TrimEnd('.'));

    /// <summary>A date as the reader writes it: "3 mars 2026", "3. mars 2026", "3 March 2026" (never US order).</summary>
    public static string Date(DateOnly d) => d.ToString(Culture.TwoLetterISOLanguageName == "nb" ? "d. MMMM yyyy" : "d MMMM yyyy", Culture);

    /// <summary>
    /// How the reader types a date in a form: 2026-03-05 in Swedish, 05.03.2026 in Norwegian, 05/03/2026 in English
    /// (day first, as in the United Kingdom; never the US order). A browser's date field would show its own locale's.
    /// </summary>
    public static string InputFormat => Culture.TwoLetterISOLanguageName switch
    {
        "nb" => "dd.MM.yyyy",
        "en" => "dd/MM/yyyy",
        _ => "yyyy-MM-dd",
    };

    public static string InputDate(DateOnly d) => d.ToString(InputFormat, CultureInfo.InvariantCulture);

    /// <summary>A date typed as the reader writes one, or as ISO 8601 (which every reader may use).</summary>
    public static DateOnly? ParseInputDate(string? text)
    {
        var value = text?.Trim() ?? "";
        foreach (var format in new[] { InputFormat, "yyyy-MM-dd", InputFormat.Replace("dd", "d", StringComparison.Ordinal).Replace("MM", "M", StringComparison.Ordinal) })
            if (DateOnly.TryParseExact(value, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        return null;
    }

    /// <summary>The ISO week, as Swedish and Norwegian calendars number them.</summary>
    public static int Week(DateOnly d) => ISOWeek.GetWeekOfYear(d.ToDateTime(TimeOnly.MinValue));

    public static string Number(decimal value) => value.ToString("#,0.##", Culture);

    /// <summary>The status shown for an activity today: late is a state of its own on top of planned or in progress.</summary>
    public StatusView StatusOf(Activity a) => a.IsLate(Today) ? StatusView.Late : StatusView.Of(a.Status);

    public StatusView StatusOf(Occurrence o) => o.IsLate(Today) ? StatusView.Late : StatusView.Of(o.Status);

    /// <summary>
    /// The language the plan is written in (the organisation's: Swedish, or Norwegian in Norway), when the page is in
    /// another one; null when they are the same, so that only content in another language is marked.
    /// </summary>
    public string? ContentLang => (_contentLang ??= ContentLanguage()) is { Length: > 0 } lang ? lang : null;

    private string? _contentLang;
    private System.Text.Encodings.Web.HtmlEncoder? _encoder;

    private string? ContentLanguage()
    {
        var own = HttpContext.RequestServices.GetRequiredService<IOptions<RequestLocalizationOptions>>().Value.DefaultRequestCulture.UICulture.TwoLetterISOLanguageName;
        // Cached as "" for "the same as the page", so the options are read once per page, not once per title.
        return own == CultureInfo.CurrentUICulture.TwoLetterISOLanguageName ? "" : own;
    }

    /// <summary>Text people wrote in the plan, marked with its language when the page speaks another (WCAG 3.1.2).</summary>
    public IHtmlContent Their(string? text)
    {
        _encoder ??= HttpContext.RequestServices.GetRequiredService<System.Text.Encodings.Web.HtmlEncoder>();
        var encoded = _encoder.Encode(text ?? "");
        return new HtmlString(ContentLang is { Length: > 0 } lang ? $"<span lang=\"{lang}\">{encoded}</span>" : encoded);
    }

    /// <summary>The class of today's line in the year grid; null when today is not in the plan's year.</summary>
    public string? MarkClass() => Plan is null ? null : YearGeometry.MarkClass(Today, Plan.Year);

    /// <summary>This address in another language, keeping its filters.</summary>
    public string LanguageLink(string culture)
    {
        var query = Request.Query.Where(q => q.Key != "culture").SelectMany(q => q.Value.Select(v => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(v ?? "")))
            .Append("culture=" + culture);
        return Request.Path + "?" + string.Join("&", query);
    }

    private static string Capital(string name) => name.Length > 0 ? char.ToUpper(name[0], Culture) + name[1..] : name;
}

/// <summary>
/// A status as the views draw it: a word, a symbol and a colour (the CSS class), so that it never rests on colour
/// alone. Late comes first in every legend and count: it is what a manager looks for.
/// </summary>
public sealed record StatusView(string Key, string Symbol)
{
    public static readonly StatusView Late = new("Late", "⚠");
    public static readonly StatusView Planned = new("Planned", "○");
    public static readonly StatusView InProgress = new("InProgress", "◐");
    public static readonly StatusView Done = new("Done", "●");
    public static readonly StatusView Cancelled = new("Cancelled", "✕");

    public static IReadOnlyList<StatusView> All { get; } = [Late, Planned, InProgress, Done, Cancelled];

    public static StatusView Of(ActivityStatus status) => status switch
    {
        ActivityStatus.Planned => Planned,
        ActivityStatus.InProgress => InProgress,
        ActivityStatus.Done => Done,
        _ => Cancelled,
    };

    /// <summary>The CSS class: status-late, status-inprogress, … (made once: views ask for it per activity).</summary>
    public string Css { get; } = "status-" + Key.ToLowerInvariant();

    /// <summary>The text key: Status_Late in TextTab, the stored statuses in Text.</summary>
    public string TextKey { get; } = "Status_" + Key;
}
