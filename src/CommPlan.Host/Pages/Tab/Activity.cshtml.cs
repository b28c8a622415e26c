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

/// <summary>One activity with everything written about it, its occurrences, its follow-up figures and its history.</summary>
public sealed class ActivityModel(PlanService plans, ActivityService activities, AccessGate gate, OrganisationClock clock, IStringLocalizer<TextTab> text)
    : TabPage(plans, activities, gate, clock)
{
    [FromRoute(Name = "activityId")]
    public Guid ActivityId { get; set; }

    public Versioned<Activity>? Item { get; private set; }

    /// <summary>Whether the reader may change it at all: its owner reports progress, communicators edit everything.</summary>
    public bool MayEdit { get; private set; }

    /// <summary>Who changed what and when, newest first.</summary>
    public IReadOnlyList<HistoryItem> History { get; private set; } = [];

    public override string View => "list";
    public override string Heading => Item?.Value.Title ?? text["Activity_Title"];
    public override string? HeadingLang => Item is null ? null : ContentLang;

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ActivityFilter.None, ct)) return;
        Item = await ActivityService.GetAsync(Actor!, Plan!.Id, ActivityId, ct);
        MayEdit = Access!.Allows(Operation.RecordProgress, Item.Value.Owner);
        // Times in the organisation's zone, as its deadlines are.
        var zone = HttpContext.RequestServices.GetRequiredService<OrganisationClock>().TimeZone;
        var lines = new HistoryLines(this, text, zone);
        History = (await ActivityService.HistoryAsync(Actor!, Plan.Id, ActivityId, ct)).Select(lines.Item).ToArray();
    }
}
