using System.Collections.Concurrent;
using System.Net;
using System.Text;
using CommPlan.Host.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;
using static CommPlan.Host.Tests.Plans.PlanFiles;

namespace CommPlan.Host.Tests.CalendarFeeds;

/// <summary>
/// A feed's address is its key: with traces exported (OTLP over HTTP to a collector on loopback), what reaches the
/// collector names the feed's route, never the secret in the address.
/// </summary>
public sealed class CalendarFeedTelemetryTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<byte[]> _exports = new();
    private WebApplication _collector = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _collector = builder.Build();
        // OTLP/HTTP: protobuf bodies at /v1/traces, /v1/metrics and /v1/logs; an empty 200 is a full success.
        _collector.MapPost("/v1/{signal}", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            _exports.Enqueue(body.ToArray());
            return Results.Ok();
        });
        await _collector.StartAsync();
    }

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    private string CollectorUrl => _collector.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

    [Fact]
    public async Task Traces_of_a_feed_read_carry_its_route_and_not_the_secret_in_its_address()
    {
        string secret;
        await using (var app = new AppFactory(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = CollectorUrl,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        }))
        {
            var client = app.CreateClient();
            var made = await client.PostAsync("/api/calendar-feeds", Json(new { kind = "plan", planId = DemoPlanId }));
            Assert.Equal(HttpStatusCode.Created, made.StatusCode);
            var url = new Uri((string)(await made.ReadJsonAsync())["url"]!);
            secret = url.AbsolutePath["/calendar/".Length..^".ics".Length];
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url.PathAndQuery)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/calendar/" + secret[..^1] + "x.ics")).StatusCode);
        } // stopping the app flushes what it has not exported yet

        var exported = _exports.Select(Encoding.UTF8.GetString).ToArray();
        Assert.Contains(exported, e => e.Contains("/api/calendar-feeds", StringComparison.Ordinal)); // traces did arrive
        Assert.Contains(exported, e => e.Contains("/calendar/{file}", StringComparison.Ordinal));
        Assert.DoesNotContain(exported, e => e.Contains(secret, StringComparison.Ordinal) || e.Contains(secret[..^1], StringComparison.Ordinal));
    }
}
