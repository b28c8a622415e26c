using System.Net;
using System.Text.RegularExpressions;
using CommPlan.Host.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;

namespace CommPlan.Host.Tests.Tab;

/// <summary>The plan tab's views over HTTP on the embedded default, with the demo plan and the clock on 23 November 2026.</summary>
public sealed class TabViewTests : IAsyncLifetime
{
    private static readonly string Plan = $"/plans/{DemoPlanId}";
    private readonly AppFactory _app = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<string> PageAsync(string url)
    {
        var response = await _client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {response.StatusCode}\n{html}");
        return html;
    }

    private async Task<Guid> IdOfAsync(string title) =>
        Guid.Parse((string)(await _client.ListAsync()).Single(a => (string)a!["title"]! == title)!["id"]!);

    /// <summary>The rows of the list's table, by activity title.</summary>
    private static string[] Titles(string html) =>
        Regex.Matches(html, "<tr data-activity=\"[^\"]+\">\\s*<th scope=\"row\"><a [^>]*>(?:<span lang=\"sv\">)?(.*?)(?:</span>)?</a>", RegexOptions.Singleline)
            .Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToArray();

    private static string Row(string html, string marker)
    {
        var start = html.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"{marker} is on the page");
        return html[start..html.IndexOf("</li>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task The_year_view_draws_each_activity_as_a_bar_over_its_months_in_its_units_row_with_status_in_words()
    {
        var spring = await IdOfAsync("Vårrensning");
        var late = await IdOfAsync("Patronsöndag");

        var html = await PageAsync($"{Plan}/year?culture=en");

        // May is columns 17–20 of 48 (grid lines 18 to 22 after the title column).
        var row = Row(html, $"data-activity=\"{spring}\"");
        Assert.Contains("bar status-done", row);
        Assert.Contains("gs18 ge22", row);
        Assert.Contains("May, Done", row);
        Assert.Contains("deadline", row);
        Assert.Contains("status-late", Row(html, $"data-activity=\"{late}\""));
        Assert.Contains("Late", Row(html, $"data-activity=\"{late}\""));
        // The units as rows, in the plan's order; today (23 November) as a line in the fourth column of November.
        Assert.True(html.IndexOf("data-unit=\"avdelningen\"", StringComparison.Ordinal) < html.IndexOf("data-unit=\"repris\"", StringComparison.Ordinal));
        Assert.Contains("today gs44", html);
        Assert.Contains("Today (23 November 2026)", html);
        foreach (var word in new[] { "Late", "Planned", "In progress", "Done", "Cancelled", "Deadline" })
            Assert.Contains(word, Regex.Match(html, "<ul class=\"legend\".*?</ul>", RegexOptions.Singleline).Value);
    }

    [Fact]
    public async Task The_year_wheel_has_a_labelled_link_for_each_month_and_a_list_beside_it()
    {
        var html = await PageAsync($"{Plan}/year?culture=sv");

        var segments = Regex.Matches(html, "<a href=\"(/plans/[^\"]+/list\\?month=(\\d+))\" aria-label=\"([^\"]+)\" data-month=\"\\d+\">");
        Assert.Equal(Enumerable.Range(1, 12).Select(m => m.ToString()), segments.Select(m => m.Groups[2].Value));
        Assert.Equal("Oktober: 6 aktiviteter, 3 försenade", WebUtility.HtmlDecode(segments[9].Groups[3].Value));
        var list = Regex.Match(html, "<ol class=\"wheel-list\".*?</ol>", RegexOptions.Singleline).Value;
        Assert.Contains("Patronsöndag", list[list.IndexOf("id=\"wheel-month-10\"", StringComparison.Ordinal)..]);
    }

    [Fact]
    public async Task The_list_beside_the_wheel_names_an_activity_once_in_the_month_it_begins_with_the_months_it_runs()
    {
        static int[] Counts(string page) => [.. Enumerable.Range(1, 12).Select(m => int.Parse(
            Regex.Match(page, $"aria-label=\"\\w+: (\\d+) activities[^\"]*\" data-month=\"{m}\"").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];
        var before = Counts(await PageAsync($"{Plan}/year?culture=en"));
        var campaign = NewActivity("Vårkampanj för återbruk");
        campaign["period"] = new { from = "2026-03-01", to = "2026-05-31" };
        campaign["deadline"] = "2026-05-29";
        Assert.Equal(HttpStatusCode.Created, (await _client.PostJsonAsync(Activities, campaign)).StatusCode);

        var html = await PageAsync($"{Plan}/year?culture=en");

        var list = Regex.Match(html, "<ol class=\"wheel-list\".*?</ol>", RegexOptions.Singleline).Value;
        string Month(int m) => Regex.Match(list, $"<li id=\"wheel-month-{m}\">.*?(?=<li id=\"wheel-month-|$)", RegexOptions.Singleline).Value;
        Assert.Single(Regex.Matches(list, "Vårkampanj för återbruk"));
        var entry = Regex.Match(Month(3), "<li>(?:(?!</li>).)*Vårkampanj för återbruk.*?</li>", RegexOptions.Singleline).Value;
        Assert.Contains("<span class=\"months\">March–May</span>", entry);
        // April and May do not repeat it, but say that something continues into them.
        Assert.Matches("<li class=\"continuing\">\\d+ continuing from earlier months</li>", Month(4));
        Assert.DoesNotContain("Vårkampanj", Month(4) + Month(5));
        // The wheel's month segments still count it in each month it runs, and only there.
        var after = Counts(html);
        Assert.Equal(before.Select((n, i) => i is >= 2 and <= 4 ? n + 1 : n), after);
    }

    [Fact]
    public async Task A_title_with_markup_stays_text_in_the_year_grid_the_wheel_and_the_list()
    {
        var created = await _client.PostJsonAsync(Activities, NewActivity("<script>alert('x')</script> & <b>fet</b>"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        foreach (var view in new[] { "year", "list" })
        {
            var html = await PageAsync($"{Plan}/{view}?culture=en");
            Assert.DoesNotContain("<script>alert", html);
            Assert.DoesNotContain("<b>fet</b>", html);
            Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;fet&lt;/b&gt;", html);
        }
        var wheel = Regex.Match(await PageAsync($"{Plan}/year"), "<svg class=\"wheel\".*?</svg>", RegexOptions.Singleline).Value;
        Assert.Contains("<title>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", wheel);
    }

    [Fact]
    public async Task The_list_filters_by_what_the_address_says_and_counts_each_status_of_what_the_other_filters_leave()
    {
        var late = await PageAsync($"{Plan}/list?status=late&culture=en");
        Assert.Equal(["Information till näringslivet", "Mobila återvinningscentralen", "Mångfaldsdagen", "Patronsöndag"], Titles(late));
        Assert.Contains("4 activities shown.", late);
        Assert.Matches("data-status=\"Late\">.*?Late: <strong>4</strong>", late);
        Assert.Matches("data-status=\"Done\">.*?Done: <strong>8</strong>", late);

        var repris = await PageAsync($"{Plan}/list?unit=repris&late=true&culture=en");
        Assert.Equal(["Mobila återvinningscentralen", "Patronsöndag"], Titles(repris));
        Assert.Matches("data-status=\"Done\">.*?Done: <strong>2</strong>", repris);
        Assert.Contains("<option value=\"repris\" selected=\"selected\"", repris);

        var may = await PageAsync($"{Plan}/list?month=5&channel=affischering&goal=intresse&target=allmanhet&culture=en");
        Assert.Equal(["Vårrensning"], Titles(may));

        var owner = await PageAsync($"{Plan}/list?owner=9b3e5c74-2f50-4eaf-9c63-4d9f5a7c3e03&sort=title&culture=en");
        Assert.Equal(["Höstrensning", "Mobila återvinningscentralen", "Patronsöndag", "Vårrensning"], Titles(owner));
        Assert.Contains("aria-sort=\"ascending\"><a href=\"/plans/" + DemoPlanId + "/list?owner=9b3e5c74-2f50-4eaf-9c63-4d9f5a7c3e03&amp;sort=title\">Activity", owner);
    }

    [Fact]
    public async Task Mine_and_the_personal_tab_show_the_signed_in_persons_own_activities()
    {
        var mine = Titles(await PageAsync($"{Plan}/list?mine=true"));
        var tab = Titles(await PageAsync("/my"));

        Assert.NotEmpty(mine);
        Assert.Equal(mine, tab);
        var owned = (await _client.ListAsync("?owner=6f1c7a52-0d3e-4c8e-9a41-2b7d3e5a1c01")).Select(a => (string)a!["title"]!).Order();
        Assert.Equal(owned, tab.Order());
    }

    [Fact]
    public async Task The_activity_page_shows_every_field_its_occurrences_and_dates_in_the_readers_language()
    {
        var id = await IdOfAsync("Mobila återvinningscentralen");

        var en = await PageAsync($"{Plan}/activities/{id}?culture=en");
        Assert.Contains("31 October 2026", en);
        Assert.Contains("week 44", en);
        Assert.Contains("Samannonsering med Pireva.", en);
        Assert.Contains("Maria Öberg", en);
        Assert.Contains("data-testid=\"occurrences\"", en);
        Assert.Contains("31 May 2026", en);
        Assert.Contains("<dd lang=\"sv\">Repris</dd>", en);

        var nb = await PageAsync($"{Plan}/activities/{id}?culture=nb");
        Assert.Contains("31. oktober 2026", nb);
        Assert.Contains("uke 44", nb);
    }

    [Fact]
    public async Task The_goals_view_lists_the_activities_serving_each_goal_and_points_out_a_goal_nothing_serves()
    {
        var plan = await _client.GetAsync($"/api/plans/{DemoPlanId}");
        var body = (await plan.ReadJsonAsync()).AsObject();
        var goals = body["goals"]!.AsArray();
        goals.Add(new System.Text.Json.Nodes.JsonObject { ["key"] = "ny", ["name"] = "Fler följare" });
        var put = await _client.SendAsync(HttpMethod.Put, $"/api/plans/{DemoPlanId}", Json(new
        {
            organisation = (string)body["organisation"]!, department = (string)body["department"]!, title = (string)body["title"]!,
            goals = body["goals"], targetGroups = body["targetGroups"], channels = body["channels"], units = body["units"],
        }), plan.Headers.ETag!.Tag);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());

        var html = await PageAsync($"{Plan}/goals?culture=en");

        Assert.Contains("Fler följare", Regex.Match(html, "data-testid=\"unserved\".*?</div>", RegexOptions.Singleline).Value);
        var intresse = Regex.Match(html, "data-goal=\"intresse\".*?</section>", RegexOptions.Singleline).Value;
        Assert.Contains("Vårrensning", intresse);
        Assert.Contains("5 activities: 3 done, 1 late.", intresse);
    }

    [Fact]
    public async Task The_follow_up_view_counts_planned_done_and_late_per_unit_and_groups_figures_by_metric()
    {
        var html = await PageAsync($"{Plan}/follow-up?culture=en");

        var repris = Regex.Match(html, "<tr>\\s*<th scope=\"row\"><span lang=\"sv\">Repris</span></th>(.*?)</tr>", RegexOptions.Singleline);
        Assert.True(repris.Success, html);
        Assert.Equal(["4", "2", "2", "50 %"], Regex.Matches(repris.Groups[1].Value, "<td[^>]*>\\s*(?:<span[^>]*>[^<]*</span>\\s*)?([^<]*)</td>").Select(m => m.Groups[1].Value.Trim()));
        Assert.Contains("<h3><span lang=\"sv\">Antal besökare</span></h3>", html);
    }

    [Fact]
    public async Task Every_view_has_the_readers_language_and_marks_the_plans_swedish_text()
    {
        foreach (var view in new[] { "year", "list", "goals", "follow-up" })
        {
            var en = await PageAsync($"{Plan}/{view}?culture=en");
            Assert.Contains("<html lang=\"en\" data-theme=\"default\">", en);
            Assert.Contains("<p class=\"plan-name\" lang=\"sv\">", en);
            var sv = await PageAsync($"{Plan}/{view}?culture=sv&theme=dark");
            Assert.Contains("<html lang=\"sv\" data-theme=\"dark\">", sv);
            Assert.DoesNotContain("lang=\"sv\"><", sv.Replace("<html lang=\"sv\"", "", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_language_chosen_by_link_holds_for_the_next_view()
    {
        var first = await _client.GetAsync($"{Plan}/year?culture=nb");
        var cookie = first.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
        var request = new HttpRequestMessage(HttpMethod.Get, $"{Plan}/list");
        request.Headers.Add("Cookie", cookie.Split(';')[0]);

        var next = await (await _client.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Contains("<html lang=\"nb\"", next);
        Assert.Contains("Alle aktiviteter", next);
    }
}
