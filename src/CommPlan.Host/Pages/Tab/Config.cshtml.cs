using CommPlan.Application.Plans;
using CommPlan.Domain.Plans;
using CommPlan.Host.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommPlan.Host.Pages.Tab;

/// <summary>
/// The configurable channel tab's configuration page: the user picks one of the plans they may read, and the tab
/// then shows that plan's year (content URL /plans/{id}/year).
/// </summary>
public sealed class ConfigModel(PlanService plans) : PageModel
{
    public bool SignedIn { get; private set; }
    public IReadOnlyList<Plan> Plans { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        SignedIn = User.Identity?.IsAuthenticated == true;
        if (!SignedIn || ActorClaims.FromUser(User) is not { } actor) return;
        // Newest year first: a tab is usually added for this year's plan.
        Plans = (await plans.ListAsync(actor, ct)).OrderByDescending(p => p.Year).ThenBy(p => p.Title, StringComparer.CurrentCulture).ToArray();
    }
}
