using System.Net;
using System.Text.Json.Nodes;
using CommPlan.Host.Tests.Infrastructure;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;

namespace CommPlan.Host.Tests.Api;

/// <summary>Many writers on one activity at once: every loser hears 412 with the version to reload, whatever it wrote.</summary>
public sealed class ConcurrencyTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static Dictionary<string, object?> Recurring(string title)
    {
        var body = NewActivity(title);
        body.Remove("period");
        body.Remove("deadline");
        body["schedule"] = "maj och okt";
        return body;
    }

    private sealed record Outcome(string Kind, HttpStatusCode Status, JsonNode? Body);

    private async Task<Outcome> WriteAsync(string kind, string location, string etag, int i)
    {
        var response = kind switch
        {
            "update" => await _client.SendAsync(HttpMethod.Put, location, Json(Recurring("Blogginlägg " + i)), etag),
            "figure" => await _client.SendAsync(HttpMethod.Post, location + "/figures", Json(new { value = i }), etag),
            "occurrence" => await _client.SendAsync(HttpMethod.Put, location + "/occurrences/2026-05-31",
                Json(new { status = i % 2 == 0 ? "inProgress" : "planned" }), etag),
            "delete" => await _client.SendAsync(HttpMethod.Delete, location, null, etag),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var text = await response.Content.ReadAsStringAsync();
        return new Outcome(kind, response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    [Fact]
    public async Task Every_412_under_concurrent_writes_with_stale_etags_names_the_current_etag()
    {
        var created = await _client.PostAsync(Activities, Json(Recurring("Blogginlägg")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var location = created.Headers.Location!.OriginalString;
        var first = created.Headers.ETag!.Tag;
        var kinds = new[] { "update", "figure", "occurrence" };
        var outcomes = new List<Outcome>();

        for (var round = 0; round < 12; round++)
        {
            var current = (await _client.GetAsync(location)).Headers.ETag!.Tag;
            // Writers that all read the same version race each other; some bring a version long gone, and in the
            // last rounds some try to delete with an old one.
            var writes = Enumerable.Range(0, 12).Select(i =>
            {
                var etag = i % 4 == 3 ? first : current;
                var kind = round >= 10 && i % 4 == 3 ? "delete" : kinds[(i + round) % kinds.Length];
                return WriteAsync(kind, location, etag, round * 100 + i);
            });
            outcomes.AddRange(await Task.WhenAll(writes));
        }

        var conflicts = outcomes.Where(o => o.Status == HttpStatusCode.PreconditionFailed).ToArray();
        Assert.All(outcomes, o => Assert.True(o.Status is HttpStatusCode.OK or HttpStatusCode.PreconditionFailed,
            $"{o.Kind} answered {(int)o.Status}: {o.Body?.ToJsonString()}"));
        Assert.Contains(outcomes, o => o.Status == HttpStatusCode.OK);
        Assert.Contains(conflicts, o => o.Kind == "delete");
        Assert.All(kinds, kind => Assert.Contains(conflicts, o => o.Kind == kind));
        Assert.All(conflicts, o => Assert.False(string.IsNullOrEmpty((string?)o.Body?["currentETag"]),
            $"A 412 for {o.Kind} has no currentETag: {o.Body?.ToJsonString()}"));
        var final = (await _client.GetAsync(location)).Headers.ETag!.Tag;
        Assert.Contains(conflicts, o => (string?)o.Body!["currentETag"] == final);
    }

    [Fact]
    public async Task Of_concurrent_deletes_with_the_current_etag_one_wins_and_the_others_are_412_or_404()
    {
        var created = await _client.PostAsync(Activities, Json(NewActivity("Att ta bort")));
        var location = created.Headers.Location!.OriginalString;
        var etag = created.Headers.ETag!.Tag;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => WriteAsync(i % 2 == 0 ? "delete" : "figure", location, etag, i)));

        Assert.Single(outcomes, o => o.Status == HttpStatusCode.NoContent || (o.Kind == "figure" && o.Status == HttpStatusCode.OK));
        Assert.All(outcomes.Where(o => o.Status == HttpStatusCode.PreconditionFailed),
            o => Assert.False(string.IsNullOrEmpty((string?)o.Body?["currentETag"]), $"A 412 for {o.Kind} has no currentETag"));
        Assert.All(outcomes, o => Assert.True(o.Status is HttpStatusCode.NoContent or HttpStatusCode.OK or HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound,
            $"{o.Kind} answered {(int)o.Status}"));
    }
}
