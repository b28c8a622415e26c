using System.Diagnostics.Metrics;

namespace CommPlan.Host.Outbox;

/// <summary>Counts of what happened to outgoing activities, for dashboards and alerts.</summary>
public sealed class OutboxMetrics : IDisposable
{
    public const string MeterName = "CommPlan.Outbox";

    private readonly Meter _meter = new(MeterName);

    public OutboxMetrics()
    {
        Sent = _meter.CreateCounter<long>("commplan.outbox.sent", description: "Activities delivered to Teams.");
        Throttled = _meter.CreateCounter<long>("commplan.outbox.throttled", description: "Requests Teams answered with 429.");
        Retried = _meter.CreateCounter<long>("commplan.outbox.retried", description: "Transient failures that will be retried.");
        Failed = _meter.CreateCounter<long>("commplan.outbox.failed", description: "Entries given up on.");
        Dead = _meter.CreateCounter<long>("commplan.outbox.dead", description: "Entries not sent because their conversation cannot be reached.");
    }

    public Counter<long> Sent { get; }
    public Counter<long> Throttled { get; }
    public Counter<long> Retried { get; }
    public Counter<long> Failed { get; }
    public Counter<long> Dead { get; }

    public void Dispose() => _meter.Dispose();
}
