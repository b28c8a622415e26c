using CommPlan.Application.Reminders;
using CommPlan.Host.Outbox;

namespace CommPlan.Host.Features.Reminders;

/// <summary>The Reminders section: whether the scheduler runs, and how often it sweeps.</summary>
public sealed class ReminderSchedulerOptions
{
    public const string Section = "Reminders";

    public bool Enabled { get; set; } = true;

    /// <summary>Time between sweeps; a reminder goes out at most this long after its send window opens.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whether the app installs itself for an owner who does not have it (Graph, with
    /// TeamsAppInstallation.ReadWriteForUser.All granted) before their first reminder; needs <see cref="TeamsAppCatalogId"/>.
    /// </summary>
    public bool InstallForOwners { get; set; }

    /// <summary>The app's id in the organisation's Teams app catalog (not the manifest id): what Graph installs.</summary>
    public string? TeamsAppCatalogId { get; set; }

    /// <summary>The Bot Connector URL to open new 1:1 chats at; by default that of a chat the app has, else Teams' global one.</summary>
    public string? ServiceUrl { get; set; }
}

/// <summary>
/// Runs the reminder sweep at start and then every <see cref="ReminderSchedulerOptions.Interval"/> on the app's
/// clock. A failing sweep is logged and tried again at the next tick; the ledger makes a repeated sweep harmless.
/// </summary>
public sealed class ReminderScheduler(IServiceScopeFactory scopes, TimeProvider time, ReminderSchedulerOptions options, OutboxSignal signal,
    ILogger<ReminderScheduler> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            log.LogInformation("Deadline reminders are off (Reminders:Enabled = false).");
            return;
        }
        // A zero or negative interval would sweep without pause.
        var interval = options.Interval > TimeSpan.Zero ? options.Interval : new ReminderSchedulerOptions().Interval;
        if (interval != options.Interval)
            log.LogWarning("Reminders:Interval must be positive (was {Interval}); sweeping every {Used}", options.Interval, interval);
        while (!stoppingToken.IsCancellationRequested)
        {
            await SweepOnceAsync(stoppingToken);
            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task<SweepOutcome?> SweepOnceAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var outcome = await scope.ServiceProvider.GetRequiredService<ReminderSweeper>().RunAsync(ct);
            if (outcome.Queued > 0) signal.Wake();
            if (outcome.Queued + outcome.Unreachable + outcome.TakenElsewhere > 0)
                log.LogInformation("Reminder sweep: {Queued} card(s) queued, {Unreachable} recipient(s) not reachable, {Elsewhere} taken by another instance",
                    outcome.Queued, outcome.Unreachable, outcome.TakenElsewhere);
            return outcome;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogWarning(e, "Reminder sweep failed; it runs again in {Interval}", options.Interval);
            return null;
        }
    }
}
