using System.Net;
using System.Text.RegularExpressions;
using CommPlan.Host.Tests.Infrastructure;

namespace CommPlan.Host.Tests.Pages;

public sealed partial class StartPageTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<string> GetAsync(string url, string? language = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        var response = await _app.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The HTML of one month's section, by its data-month attribute.</summary>
    private static string Month(string html, int month)
    {
        var start = html.IndexOf($"data-month=\"{month}\"", StringComparison.Ordinal);
        var end = html.IndexOf("</section>", start, StringComparison.Ordinal);
        return html[start..end];
    }

    [Fact]
    public async Task The_start_page_lists_the_plan_month_by_month()
    {
        var html = await GetAsync("/", "en");

        Assert.Contains("Kommunikations- och marknadsföringsplan 2026", html);
        Assert.Contains("Vårrensning", Month(html, 5));
        Assert.DoesNotContain("Vårrensning", Month(html, 6));
        Assert.Contains("Mångfaldsdagen", Month(html, 10));
        Assert.Contains("Pitekvarten", Month(html, 3));
        Assert.DoesNotContain("Pitekvarten", Month(html, 4));
        Assert.Contains("Löpande marknadsaktiviteter", Month(html, 7));
        Assert.DoesNotContain("Temadagar attraktiv arbetsgivare", Month(html, 7));
        Assert.Contains("19 activities: 8 done, 4 late.", html);
    }

    [Fact]
    public async Task Late_activities_are_marked_in_words_not_only_colour()
    {
        var html = await GetAsync("/", "en");

        var row = LateRow().Match(Month(html, 2));
        Assert.True(row.Success, "February has a late row");
        Assert.Contains("Information till näringslivet", row.Value);
        Assert.Contains("Late", row.Value);
    }

    [Fact]
    public async Task A_recurring_activity_shows_the_occurrence_due_that_month()
    {
        var html = await GetAsync("/", "en");

        var row = Regex.Match(Month(html, 3), "<tr[^>]*>\\s*<th scope=\"row\"[^>]*>Pitekvarten</th>.*?</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, "Pitekvarten is in March");
        Assert.Contains("31 Mar", row.Value);
        Assert.Contains("Done", row.Value);
    }

    [Fact]
    public async Task Every_activity_has_one_anchor_that_cards_link_to()
    {
        var html = await GetAsync("/", "en");
        var rows = System.Text.RegularExpressions.Regex.Matches(html, "data-activity=\"([0-9a-f-]{36})\"").Select(m => Guid.Parse(m.Groups[1].Value)).ToHashSet();
        var anchors = System.Text.RegularExpressions.Regex.Matches(html, "id=\"a-([0-9a-f]{32})\"").Select(m => Guid.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal(19, rows.Count);
        Assert.Equal(rows.Order(), anchors.Order());
    }

    [Fact]
    public async Task The_stylesheet_is_served()
    {
        var response = await _app.CreateClient().GetAsync("/site.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("sv-SE", "Aktiviteter per månad", "lang=\"sv\"")]
    [InlineData("nb-NO", "Aktiviteter per måned", "lang=\"nb\"")]
    [InlineData("no", "Aktiviteter per måned", "lang=\"nb\"")]
    [InlineData("en-GB", "Activities by month", "lang=\"en\"")]
    public async Task The_page_speaks_the_readers_language(string acceptLanguage, string heading, string lang)
    {
        var html = await GetAsync("/", acceptLanguage);

        Assert.Contains(heading, html);
        Assert.Contains(lang, html);
    }

    [Fact]
    public async Task The_page_says_it_runs_on_the_embedded_default_and_where()
    {
        var html = await GetAsync("/?culture=en");

        Assert.Contains("Running on the embedded default", html);
        Assert.Contains(Path.Combine(_app.Folder, "app.db"), html);
    }

    [GeneratedRegex("<tr[^>]*class=\"late\"[^>]*>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex LateRow();
}
