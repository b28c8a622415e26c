using CommPlan.Application.PressReleases;

namespace CommPlan.Host.Features.PressReleases;

/// <summary>After a stored change: the document of the current version is (re)written in the background.</summary>
public sealed class PressReleaseFollowUp(PressReleaseDocumentQueue documents) : IPressReleaseFollowUp
{
    public Task ChangedAsync(PressReleaseChange change, CancellationToken ct)
    {
        documents.Enqueue(change.After.Value.PlanId, change.After.Value.Id);
        return Task.CompletedTask;
    }
}
