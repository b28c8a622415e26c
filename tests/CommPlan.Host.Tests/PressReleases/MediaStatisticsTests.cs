using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CommPlan.Host.Tests.Infrastructure;
using CommPlan.Host.Tests.PlanDocuments;
using DocumentFormat.OpenXml.Wordprocessing;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;

namespace CommPlan.Host.Tests.PressReleases;

/// <summary>
/// The year's media statistics (seed 000 §2.4) through the doors: releases submitted, approved and marked sent through
/// the API count in the follow-up view, in the API and in the year's Word report; one approved but not sent and one
/// sent in the year before do not. The embedded default, the demo plan of 2026, the clock on 23 November 2026; the
/// dev user is a communicator of every plan.
/// </summary>
public sealed class MediaStatisticsTests : IAsyncLifetime
{
    private static readonly string Releases = $"/api/plans/{DemoPlanId}/press-releases";
    private readonly AppFactory _app = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = _app.CreateClient();
        _client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        // Sent in March through the press list and the web, sent in June through the web (another unit), approved
        // and still waiting to go out, and sent at the end of the year before.
        await SentAsync("Vårrensning på Repris", "repris", "2026-03-10", "pressmeddelande", "webb");
        await SentAsync("Sommarjobb för unga", "individstod", "2026-06-02", "webb");
        await ApprovedAsync("Höstens kurser", "vlc");
        await SentAsync("Julstängt på Repris", "repris", "2025-12-30", "pressmeddelande");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<JsonNode> ApprovedAsync(string title, string unit)
    {
        var release = PressReleaseApiContract.NewRelease(title);
        release["unit"] = unit;
        var created = await _client.PostAsync(Releases, Json(release));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (string)(await created.ReadJsonAsync())["id"]!;
        var decided = await _client.PostAsync($"{Releases}/{id}/decision", Json(new { version = 1, decision = "Approve" }));
        Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync());
        return await decided.ReadJsonAsync();
    }

    private async Task SentAsync(string title, string unit, string sentOn, params string[] channels)
    {
        var approved = await ApprovedAsync(title, unit);
        var sent = await _client.SendAsync(HttpMethod.Post, $"{Releases}/{approved["id"]}/sending", Json(new { sentOn, channels }), (string)approved["eTag"]!);
        Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_api_counts_the_years_sent_releases_per_unit_month_and_channel_and_not_the_approved_or_last_years()
    {
        var response = await _client.GetAsync($"/api/plans/{DemoPlanId}/media-statistics");

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var stats = await response.ReadJsonAsync();
        Assert.Equal(2026, (int)stats["year"]!);
        Assert.Equal(2, (int)stats["total"]!);
        Assert.Equal([0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0], stats["byMonth"]!.AsArray().Select(m => (int)m!));
        var units = stats["units"]!.AsArray().ToDictionary(u => (string)u!["unit"]!, u => u!);
        Assert.Equal(1, (int)units["repris"]["total"]!);
        Assert.Equal(1, (int)units["repris"]["byMonth"]![2]!);
        Assert.Equal(1, (int)units["individstod"]["total"]!);
        Assert.Equal(0, (int)units["vlc"]["total"]!);
        var channels = stats["channels"]!.AsArray().ToDictionary(c => (string)c!["channel"]!, c => c!);
        Assert.Equal(2, (int)channels["webb"]["count"]!);
        Assert.Equal("Webben (pitea.se)", (string)channels["webb"]["name"]!);
        Assert.Equal(1, (int)channels["pressmeddelande"]["count"]!);

        var lastYear = await (await _client.GetAsync($"/api/plans/{DemoPlanId}/media-statistics?year=2025")).ReadJsonAsync();
        Assert.Equal(1, (int)lastYear["total"]!);
        Assert.Equal(1, (int)lastYear["byMonth"]![11]!);

        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync($"/api/plans/{DemoPlanId}/media-statistics?year=twenty")).StatusCode);
    }

    [Fact]
    public async Task The_follow_up_view_shows_the_years_sent_releases_per_unit_and_channel()
    {
        var response = await _client.GetAsync($"/plans/{DemoPlanId}/follow-up?culture=en");
        var html = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        Assert.Contains("Media statistics 2026", html);
        Assert.Equal("1", TotalOf(html, "data-unit=\"repris\""));
        Assert.Equal("1", TotalOf(html, "data-unit=\"individstod\""));
        Assert.Equal("0", TotalOf(html, "data-unit=\"vlc\""));
        Assert.Equal("2", TotalOf(html, "data-unit=\"*\""));
        Assert.Equal("2", TotalOf(html, "data-channel=\"webb\""));
        Assert.Equal("1", TotalOf(html, "data-channel=\"pressmeddelande\""));
    }

    [Fact]
    public async Task The_years_word_report_has_the_media_statistics_per_unit_and_channel()
    {
        var response = await _client.GetAsync($"/api/plans/{DemoPlanId}/follow-up/report?language=en");

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        using var document = WordFiles.Open(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("Media statistics 2026", WordFiles.Headings(document)[^1]);
        var tables = document.MainDocumentPart!.Document!.Descendants<Table>()
            .Select(t => t.Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToArray()).ToArray()).ToArray();
        var perUnit = tables.Last(t => t[0][0] == "Unit");
        Assert.Equal(14, perUnit[0].Length);
        Assert.Equal(["Repris", "0", "0", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "1"], perUnit.Single(r => r[0] == "Repris"));
        Assert.Equal("0", perUnit.Single(r => r[0].StartsWith("VLC", StringComparison.Ordinal))[^1]);
        Assert.Equal("2", perUnit[^1][^1]);
        var perChannel = tables.Last(t => t[0][0] == "Channel");
        Assert.Equal(["Webben (pitea.se)", "2"], perChannel[1]);
        Assert.Equal(["Pressmeddelande", "1"], perChannel[2]);
    }

    /// <summary>The total cell of the table row with this marker.</summary>
    private static string TotalOf(string html, string marker)
    {
        var start = html.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"{marker} is on the page");
        var row = html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
        return Regex.Match(row, "<td data-total>([^<]*)</td>").Groups[1].Value;
    }
}
