using System.Globalization;
using System.Threading.Channels;
using CommPlan.Application;
using CommPlan.Application.Storage;
using Microsoft.Extensions.Options;

namespace CommPlan.Host.Features.PressReleases;

/// <summary>
/// Writes the Word document of a release's current version, with its state in the library's status column, after
/// the change that asked for it: the request that made the change (a card's invoke) does not wait for it.
/// </summary>
public sealed class PressReleaseDocumentQueue
{
    private readonly Channel<(Guid PlanId, Guid ReleaseId)> _queue = Channel.CreateUnbounded<(Guid, Guid)>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(Guid planId, Guid releaseId) => _queue.Writer.TryWrite((planId, releaseId));

    internal ChannelReader<(Guid PlanId, Guid ReleaseId)> Reader => _queue.Reader;
}

public sealed class PressReleaseDocumentWorker(
    PressReleaseDocumentQueue queue, IServiceScopeFactory scopes, PressReleaseDocument document, PressReleaseOptions options,
    OrganisationClock clock, IOptions<RequestLocalizationOptions> localization, ILogger<PressReleaseDocumentWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (planId, releaseId) in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await WriteAsync(planId, releaseId, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "The document of press release {Release} could not be written", releaseId);
            }
        }
    }

    /// <summary>Writes the document of the release as it is now (a later change queued meanwhile writes it again).</summary>
    public async Task WriteAsync(Guid planId, Guid releaseId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var releases = scope.ServiceProvider.GetRequiredService<IPressReleaseStore>();
        var plans = scope.ServiceProvider.GetRequiredService<IPlanStore>();
        var documents = scope.ServiceProvider.GetRequiredService<IDocumentStore>();
        if (await releases.GetAsync(planId, releaseId, ct) is not { } found) return;
        var release = found.Value;
        var plan = await plans.GetAsync(planId, ct);
        var unit = plan?.Units.FirstOrDefault(u => u.Key == release.Content.UnitKey)?.Name;
        CultureInfo culture = localization.Value.DefaultRequestCulture.Culture;
        var bytes = document.Write(release, unit, clock.TimeZone, culture);
        using var content = new MemoryStream(bytes);
        await documents.SaveAsync(options.Library, release.DocumentName, content, new DocumentMetadata(planId, release.State.ToString()), ct);
        log.LogInformation("Wrote {Document} ({State})", release.DocumentName, release.State);
    }
}
