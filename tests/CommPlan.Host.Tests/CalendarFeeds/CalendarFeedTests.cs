using System.Net;
using System.Security.Cryptography;
using System.Text;
using CommPlan.Application.Access;
using CommPlan.Host.Tests.Infrastructure;
using Ical.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;
using static CommPlan.Host.Tests.Plans.PlanFiles;

namespace CommPlan.Host.Tests.CalendarFeeds;

/// <summary>
/// Calendar feeds through HTTP: the signed-in person makes, sees and revokes them; a calendar reads them by the
/// secret in the address alone; each read is parsed again with Ical.Net.
/// </summary>
public sealed class CalendarFeedTests : IAsyncLifetime
{
    private const string DevUser = "6f1c7a52-0d3e-4c8e-9a41-2b7d3e5a1c01";
    private readonly AppFactory _app = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _app.CreateClient();
        _client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<(string Id, Uri Url)> MakeFeedAsync(object body)
    {
        var response = await _client.PostAsync("/api/calendar-feeds", Json(body));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var json = await response.ReadJsonAsync();
        return ((string)json["id"]!, new Uri((string)json["url"]!));
    }

    private async Task<Calendar> ReadFeedAsync(Uri url)
    {
        // The calendar's own client: no cookie, no token, only the address.
        using var calendarClient = _app.CreateClient();
        var response = await calendarClient.GetAsync(url.PathAndQuery);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        return Calendar.Load(await response.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task A_plan_feed_has_each_period_and_deadline_as_an_event_with_uids_that_stay_the_same_until_it_is_revoked()
    {
        var (id, url) = await MakeFeedAsync(new { kind = "plan", planId = DemoPlanId });
        var activities = await _client.ListAsync();

        var first = await ReadFeedAsync(url);
        var second = await ReadFeedAsync(url);

        Assert.StartsWith("/calendar/", url.AbsolutePath);
        var expected = activities.Sum(a => 1 + Math.Max(1, a!["occurrences"]!.AsArray().Count));
        Assert.Equal(expected, first.Events.Count);
        Assert.Equal(first.Events.Select(e => e.Uid).Order(), second.Events.Select(e => e.Uid).Order());
        Assert.Equal(first.Events.Count, first.Events.Select(e => e.Uid).Distinct().Count());
        var one = activities.First(a => a!["occurrences"]!.AsArray().Count == 0)!;
        var period = first.Events.Single(e => e.Uid == $"{Guid.Parse((string)one["id"]!):N}-period@commplan");
        Assert.Equal((string)one["title"]!, period.Summary);
        Assert.Equal(DateOnly.Parse((string)one["period"]!["from"]!), DateOnly.FromDateTime(period.DtStart!.Value));
        Assert.False(period.DtStart.HasTime);
        var deadline = first.Events.Single(e => e.Uid!.StartsWith($"{Guid.Parse((string)one["id"]!):N}-deadline-", StringComparison.Ordinal));
        Assert.Equal(DateOnly.Parse((string)one["deadline"]!), DateOnly.FromDateTime(deadline.DtStart!.Value));
        // Outlook sends no language: the feed speaks the organisation's (Swedish by default).
        Assert.Equal($"Sista dag: {one["title"]}", deadline.Summary);

        var listed = await (await _client.GetAsync("/api/calendar-feeds")).ReadJsonAsync();
        var entry = Assert.Single(listed.AsArray());
        Assert.Equal(id, (string?)entry!["id"]);
        Assert.Null(entry["url"]);

        var revoked = await _client.DeleteAsync($"/api/calendar-feeds/{id}");
        var again = await _client.DeleteAsync($"/api/calendar-feeds/{id}");
        using var calendarClient = _app.CreateClient();
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await calendarClient.GetAsync(url.PathAndQuery)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await calendarClient.GetAsync("/calendar/not-a-secret.ics")).StatusCode);
        Assert.Empty((await (await _client.GetAsync("/api/calendar-feeds")).ReadJsonAsync()).AsArray());
    }

    [Fact]
    public async Task The_secret_is_stored_only_as_its_hash()
    {
        var (_, url) = await MakeFeedAsync(new { kind = "mine" });
        var secret = url.Segments[^1][..^".ics".Length];

        await using var db = new SqliteConnection($"Data Source={_app.StorageOptions.DatabasePath};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        var command = db.CreateCommand();
        command.CommandText = "SELECT * FROM calendar_feeds";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var stored = Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i))).ToArray();
        Assert.DoesNotContain(stored, v => v!.Contains(secret, StringComparison.Ordinal));
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))), stored);
        Assert.True(secret.Length >= 43, secret);
    }

    [Fact]
    public async Task A_mine_feed_shows_the_persons_own_activities_in_every_plan_and_nobody_elses()
    {
        var created = await _client.PostAsync("/api/plans", Json(NewPlan(2027)));
        var plan = (string)(await created.ReadJsonAsync())["id"]!;
        async Task<string> AddAsync(string title, object owner)
        {
            var response = await _client.PostAsync($"/api/plans/{plan}/activities", Json(new { title, unit = "vux", schedule = "maj", owner }));
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            return (string)(await response.ReadJsonAsync())["id"]!;
        }
        var mine = await AddAsync("Mitt öppna hus", new { objectId = DevUser, displayName = "Anna Lindqvist" });
        var byEmail = await AddAsync("Min temadag", new { displayName = "Anna Lindqvist", email = "anna.lindqvist@pitea.example" });
        var theirs = await AddAsync("Någon annans", new { objectId = "9b3e5c74-2f50-4eaf-9c63-4d9f5a7c3e03", displayName = "Maria Öberg" });
        var (_, url) = await MakeFeedAsync(new { kind = "mine" });

        var feed = await ReadFeedAsync(url);

        var activities = feed.Events.Select(e => e.Uid!.Split('-')[0]).ToHashSet();
        Assert.Contains(Guid.Parse(mine).ToString("N"), activities);
        Assert.Contains(Guid.Parse(byEmail).ToString("N"), activities);
        Assert.DoesNotContain(Guid.Parse(theirs).ToString("N"), activities);
        Assert.Equal("Mina aktiviteter (Anna Lindqvist)", feed.Properties.Get<string>("X-WR-CALNAME"));
    }

    [Fact]
    public async Task A_feed_asked_for_wrongly_is_refused_and_one_whose_person_left_the_organisation_shows_nothing()
    {
        var noKind = await _client.PostAsync("/api/calendar-feeds", Json(new { planId = DemoPlanId }));
        var noPlan = await _client.PostAsync("/api/calendar-feeds", Json(new { kind = "plan" }));
        var unknownPlan = await _client.PostAsync("/api/calendar-feeds", Json(new { kind = "plan", planId = Guid.NewGuid() }));
        Assert.Equal(HttpStatusCode.BadRequest, noKind.StatusCode);
        Assert.Equal("required", (string?)(await noKind.ReadJsonAsync())["codes"]!["kind"]![0]);
        Assert.Equal("required", (string?)(await noPlan.ReadJsonAsync())["codes"]!["planId"]![0]);
        Assert.Equal(HttpStatusCode.NotFound, unknownPlan.StatusCode);

        var (_, url) = await MakeFeedAsync(new { kind = "plan", planId = DemoPlanId });
        // The organisation is now another tenant than the one the person signed in with.
        await using var later = new AppFactory(null, _app.Folder)
        {
            DeleteFolderOnDispose = false,
            ConfigureTestServices = services => services.AddSingleton(new AccessOptions { TenantId = Guid.NewGuid() }),
        };

        var response = await later.CreateClient().GetAsync(url.PathAndQuery);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
