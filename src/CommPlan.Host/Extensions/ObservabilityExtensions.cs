using System.Diagnostics;
using System.Diagnostics.Metrics;
using CommPlan.Host.Outbox;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CommPlan.Host.Extensions;

public static class Telemetry
{
    public const string Name = "CommPlan";
    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);
}

public static class ObservabilityExtensions
{
    /// <summary>
    /// Traces and metrics for the app, ASP.NET Core and outgoing HTTP. They are exported only when an OTLP endpoint
    /// is configured (OTEL_EXPORTER_OTLP_ENDPOINT), so a plain run has no exporter and no network traffic.
    /// </summary>
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        if (string.Equals(builder.Configuration["Logging:Format"], "json", StringComparison.OrdinalIgnoreCase))
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(Telemetry.Name, serviceVersion: typeof(Program).Assembly.GetName().Version?.ToString()))
            .WithTracing(t => t.AddSource(Telemetry.Name).AddAspNetCoreInstrumentation(o => o.EnrichWithHttpResponse = HideSecretPath).AddHttpClientInstrumentation())
            .WithMetrics(m => m.AddMeter(Telemetry.Name, OutboxMetrics.MeterName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
            builder.Logging.AddOpenTelemetry(l => l.IncludeScopes = true);
        }
        return builder;
    }

    /// <summary>
    /// A request to an endpoint whose address is its key (<see cref="SecretInPath"/>) is traced with the route, never
    /// with the path: a trace backend must not collect the keys of people's calendars.
    /// </summary>
    private static void HideSecretPath(Activity activity, HttpResponse response)
    {
        if (response.HttpContext.GetEndpoint() is RouteEndpoint endpoint && endpoint.Metadata.GetMetadata<SecretInPath>() is not null)
            activity.SetTag("url.path", endpoint.RoutePattern.RawText);
    }
}

/// <summary>Marks an endpoint whose address carries a secret, so that telemetry records its route instead.</summary>
public sealed class SecretInPath;
