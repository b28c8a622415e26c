using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace CommPlan.Storage.SharePoint.Graph;

/// <summary>
/// Graph requests as the SharePoint stores send them: built with the SDK's request builders (or from a link Graph
/// gave), sent through the SDK's middleware, answered as JSON that the stores read themselves, because list item
/// fields are free-form and must reach the cache exactly as SharePoint sent them.
/// </summary>
public sealed class GraphCalls(GraphServiceClient client, TimeProvider time, SharePointThrottle throttle)
{
    private static readonly Dictionary<string, ParsableFactory<IParsable>> Errors = new() { ["XXX"] = ODataError.CreateFromDiscriminatorValue };
    public const int MaxBatchSize = 20;
    private const int MaxStepAttempts = 8;

    public GraphServiceClient Client => client;

    public SharePointThrottle Throttle => throttle;

    /// <summary>The answer's JSON, or null for an answer without a body (204).</summary>
    public async Task<JsonElement?> SendAsync(RequestInformation request, CancellationToken ct)
    {
        await using var stream = await client.RequestAdapter.SendPrimitiveAsync<Stream>(request, Errors, ct);
        if (stream is null) return null;
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        if (buffer.Length == 0) return null;
        buffer.Position = 0;
        using var document = await JsonDocument.ParseAsync(buffer, cancellationToken: ct);
        return document.RootElement.Clone();
    }

    public async Task<Stream?> SendForStreamAsync(RequestInformation request, CancellationToken ct) =>
        await client.RequestAdapter.SendPrimitiveAsync<Stream>(request, Errors, ct);

    /// <summary>Every item of a collection: the first page, then each @odata.nextLink until there is none.</summary>
    public async Task<(List<JsonElement> Items, string? DeltaLink)> ReadAllAsync(RequestInformation first, CancellationToken ct)
    {
        var items = new List<JsonElement>();
        var request = first;
        while (true)
        {
            var page = await SendAsync(request, ct) ?? throw new InvalidDataException("Graph answered a collection request without a body.");
            if (page.TryGetProperty("value", out var value)) items.AddRange(value.EnumerateArray());
            if (page.TryGetProperty("@odata.nextLink", out var next) && next.GetString() is { Length: > 0 } link) request = Link(Method.GET, link);
            else return (items, page.TryGetProperty("@odata.deltaLink", out var delta) ? delta.GetString() : null);
        }
    }

    /// <summary>A request to a URL Graph handed out (nextLink, deltaLink).</summary>
    public static RequestInformation Link(Method method, string url) => new() { HttpMethod = method, URI = new Uri(url) };

    public static RequestInformation WithJson(RequestInformation request, JsonNode body)
    {
        request.Headers.Remove("Content-Type");
        request.SetStreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body.ToJsonString())), "application/json");
        return request;
    }

    public static int? StatusOf(Exception e) => e is ApiException api ? api.ResponseStatusCode : null;

    public static string? CodeOf(Exception e) => (e as ODataError)?.Error?.Code;

    /// <summary>
    /// Sends many writes through $batch, at most 20 steps a batch. Graph throttles steps one by one and the SDK does
    /// not retry them: steps answered 429 or 503 are sent again in a later batch, after the longest Retry-After
    /// among them, as long as the lane waits (<see cref="GraphLane"/>); a step the lane will not wait for, or one
    /// throttled too often, ends with its 429/503, for the caller to take back what the batch did. Returns each
    /// step's final status and body by the caller's step id.
    /// </summary>
    public async Task<Dictionary<string, StepResult>> BatchAsync(IReadOnlyList<(string Id, Func<RequestInformation> Request)> steps, CancellationToken ct)
    {
        var results = new Dictionary<string, StepResult>(StringComparer.Ordinal);
        var pending = steps.ToList();
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            var retry = new List<(string, Func<RequestInformation>)>();
            var wait = TimeSpan.Zero;
            foreach (var chunk in pending.Chunk(MaxBatchSize))
            {
                var batch = new BatchRequestContentCollection(client, MaxBatchSize);
                foreach (var (id, request) in chunk) await batch.AddBatchRequestStepAsync(request(), id);
                var responses = await client.Batch.PostAsync(batch, ct);
                var statuses = await responses.GetResponsesStatusCodesAsync();
                foreach (var (id, request) in chunk)
                {
                    if (!statuses.TryGetValue(id, out var status))
                        throw new InvalidDataException($"The $batch answer has no response for step {id}.");
                    using var response = await responses.GetResponseByIdAsync(id);
                    if (SharePointThrottle.IsThrottling(status))
                    {
                        var asked = throttle.RetryAfterOf(response);
                        if (asked is { } a) throttle.Throttled(a);
                        if (attempt < MaxStepAttempts && throttle.WaitFor(asked ?? TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, attempt)))) is { } after)
                        {
                            retry.Add((id, request));
                            if (after > wait) wait = after;
                            continue;
                        }
                    }
                    var text = response?.Content is null ? "" : await response.Content.ReadAsStringAsync(ct);
                    JsonElement? body = null;
                    if (!string.IsNullOrWhiteSpace(text))
                    {
                        try
                        {
                            body = JsonDocument.Parse(text).RootElement.Clone();
                        }
                        catch (JsonException)
                        {
                            body = null;
                        }
                    }
                    results[id] = new StepResult((int)status, body);
                }
            }
            pending = retry;
            if (pending.Count > 0) await Task.Delay(wait, time, ct);
        }
        return results;
    }
}

/// <summary>One $batch step's outcome.</summary>
public sealed record StepResult(int Status, JsonElement? Body)
{
    public bool Succeeded => Status is >= 200 and < 300;

    public string? ErrorCode => Body is { } b && b.TryGetProperty("error", out var e) && e.TryGetProperty("code", out var c) ? c.GetString() : null;
}
