using System.Net;
using CommPlan.Host.Tests.Infrastructure;
using DocumentFormat.OpenXml.Wordprocessing;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;

namespace CommPlan.Host.Tests.PlanDocuments;

/// <summary>The year's follow-up as a Word document: per unit, planned against done and late, and the figures recorded.</summary>
public sealed class FollowUpReportTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_report_counts_each_units_activities_and_lists_the_figures_recorded_against_them()
    {
        var activities = await _client.ListAsync();
        var done = activities.First(a => a!["followUpMetric"] is not null && a["recurrence"] is null);
        var id = (string)done!["id"]!;
        var unit = (string)done["unit"]!;
        var read = await _client.GetAsync($"{Activities}/{id}");
        var figure = await _client.SendAsync(HttpMethod.Post, $"{Activities}/{id}/figures",
            Json(new { recordedOn = "2026-11-20", value = 1234, note = "webbstatistik" }), read.Headers.ETag!.Tag);
        Assert.True(figure.IsSuccessStatusCode, await figure.Content.ReadAsStringAsync());

        var response = await _client.GetAsync($"/api/plans/{DemoPlanId}/follow-up/report?language=sv");

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType!.MediaType);
        using var document = WordFiles.Open(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("sv-SE", WordFiles.Language(document));
        var plan = await (await _client.GetAsync($"/api/plans/{DemoPlanId}")).ReadJsonAsync();
        var units = plan["units"]!.AsArray().Select(u => (Key: (string)u!["key"]!, Name: (string)u["name"]!)).ToArray();
        Assert.Equal(["Sammanfattning", .. units.Select(u => u.Name), "Mediestatistik 2026"], WordFiles.Headings(document));

        var summary = WordFiles.ActivityTable(document, "Verksamhet");
        Assert.Equal(["Verksamhet", "Planerade", "Genomförda", "Försenade", "Inställda"], summary[0]);
        Assert.Equal(activities.Count.ToString(), summary[^1][1]);
        foreach (var (key, name) in units)
            Assert.Equal(activities.Count(a => (string)a!["unit"]! == key).ToString(), summary.Single(r => r[0] == name)[1]);
        var late = activities.Count(a => (bool?)a!["isLate"] == true);
        Assert.Equal(late.ToString(), summary[^1][3]);

        var unitName = units.Single(u => u.Key == unit).Name;
        var unitTable = document.MainDocumentPart!.Document!.Descendants<Table>()
            .First(t => t.ElementsBefore().OfType<Paragraph>().LastOrDefault()?.InnerText == unitName);
        var row = unitTable.Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToArray())
            .Single(r => r[0] == (string)done["title"]!);
        Assert.Equal((string)done["followUpMetric"]!, row[3]);
        Assert.Contains("20 nov. 2026: 1 234 (webbstatistik)", row[4].Replace('\u00a0', ' ').Replace('\u202f', ' '));
    }
}
