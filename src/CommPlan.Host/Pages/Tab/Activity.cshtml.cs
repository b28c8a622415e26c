using CommPlan.Application;
using CommPlan.Application.Access;
using CommPlan.Application.Activities;
using CommPlan.Application.Plans;
using CommPlan.Application.Storage;
using CommPlan.Domain.Access;
using CommPlan.Domain.Activities;
using CommPlan.Host.Features.Tab;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Pages.Tab;

/// <summary>One activity with everything written about it, its occurrences and its follow-up figures.</summary>
public sealed class ActivityModel(PlanService plans, ActivityService activities, AccessGate gate, OrganisationClock clock, IStringLocalizer<TextTab> text)
    : TabPage(plans, activities, gate, clock)
{
    [FromRoute(Name = "activityId")]
    public Guid ActivityId { get; set; }

    public Versioned<Activity>? Item { get; private set; }

    /// <summary>Whether the reader may change it at all: its owner reports progress, communicators edit everything.</summary>
    public bool MayEdit { get; private set; }

    public override string View => "list";
    public override string Heading => Item?.Value.Title ?? text["Activity_Title"];
    public override string? HeadingLang => Item is null ? null : ContentLang;

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ActivityFilter.None, ct)) return;
        Item = await ActivityService.GetAsync(Actor!, Plan!.Id, ActivityId, ct);
        MayEdit = Access!.Allows(Operation.RecordProgress, Item.Value.Owner);
    }
}
