using System.Globalization;
using CommPlan.Application;
using CommPlan.Application.Activities;
using CommPlan.Application.Plans;
using CommPlan.Domain.Activities;
using CommPlan.Domain.Plans;
using CommPlan.Host.Extensions;
using CommPlan.Host.Identity;
using CommPlan.Storage.Sqlite;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommPlan.Host.Pages;

/// <summary>The start page: the current plan's activities month by month, so a newcomer sees the app working.</summary>
public sealed class IndexModel(PlanService plans, ActivityService activities, OrganisationClock clock, HostingMode mode, EmbeddedStorageOptions storage, CommPlan.Application.Access.AccessGate gate) : PageModel
{
    public HostingMode Mode { get; } = mode;
    public EmbeddedStorageOptions Storage { get; } = storage;
    public Plan? Plan { get; private set; }
    public IReadOnlyList<Activity> Activities { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public bool SignedIn { get; private set; }

    /// <summary>Communicators get links to start a plan and to change this one; the application decides who they are.</summary>
    public bool MayStartPlans { get; private set; }
    public bool MayRevisePlan { get; private set; }

    /// <summary>
    /// Administrators (the bootstrap communicators, communicators of every plan) are shown where the app keeps its
    /// data; everyone else has no use for server paths and should not see them.
    /// </summary>
    public bool IsAdministrator { get; private set; }

    public string UserName => User.Identity?.Name ?? "";

    /// <summary>The signed-in user's name as the API's Actor carries it, whichever way the page was signed in.</summary>
    public string DisplayName => ActorClaims.FromUser(User)?.DisplayName ?? UserName;

    /// <summary>The plan a configured channel tab shows (its content URL is /?plan={id}); else the current plan.</summary>
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true, Name = "plan")]
    public Guid? PlanId { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = clock.Today;
        SignedIn = User.Identity?.IsAuthenticated == true;
        if (!SignedIn || ActorClaims.FromUser(User) is not { } actor) return;
        Plan = PlanId is { } id ? await plans.GetAsync(actor, id, ct) : await plans.FindCurrentAsync(actor, ct);
        if (Plan is not null)
        {
            Activities = (await activities.ListAsync(actor, Plan.Id, ActivityFilter.None, ct)).Select(a => a.Value).ToArray();
            MayRevisePlan = (await plans.DecideReviseAsync(actor, Plan.Id, ct)).Allowed;
        }
        MayStartPlans = (await plans.DecideStartPlanAsync(actor, ct)).Allowed;
        IsAdministrator = gate.Policy.RoleOf(actor.ToCaller(actor.Groups ?? new HashSet<Guid>()), CommPlan.Domain.Access.PlanRoles.Empty) == CommPlan.Domain.Access.PlanRole.Communicator;
    }

    public IEnumerable<Activity> In(int month) => Activities.Where(a => a.IsActiveIn(Plan!.Year, month));

    public string MonthName(int month) =>
        CultureInfo.CurrentUICulture.DateTimeFormat.GetMonthName(month) is { Length: > 0 } n ? char.ToUpper(n[0], CultureInfo.CurrentUICulture) + n[1..] : month.ToString(CultureInfo.InvariantCulture);

    /// <summary>What a row shows for a month: a recurring activity's occurrence due that month, else the activity itself.</summary>
    public (DateOnly Deadline, ActivityStatus Status, bool IsLate) StateIn(Activity a, int month)
    {
        var occurrence = a.Occurrences.FirstOrDefault(o => o.Deadline.Year == Plan!.Year && o.Deadline.Month == month);
        return occurrence is null
            ? (a.Deadline, a.Status, a.IsLate(Today))
            : (occurrence.Deadline, occurrence.Status, occurrence.IsLate(Today));
    }

    public string UnitName(string key) => Plan?.FindUnit(key)?.Name ?? key;

    public string ChannelNames(Activity a) => string.Join(", ", a.Channels.Select(c => Plan?.Channels.FirstOrDefault(x => x.Key == c)?.Name ?? c));

    public string Date(DateOnly d) => d.ToString("d MMM", CultureInfo.CurrentUICulture);
}
