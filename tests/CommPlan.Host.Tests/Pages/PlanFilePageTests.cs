using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using CommPlan.Host.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using MiniExcelLibs;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;
using static CommPlan.Host.Tests.Plans.PlanFiles;

namespace CommPlan.Host.Tests.Pages;

/// <summary>
/// The plan's Excel file from the pages, as a browser uses them: the start page links the download and the import
/// form; the form is posted back with its antiforgery token and shows its report.
/// </summary>
public sealed class PlanFilePageTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        _client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private string ImportPage => $"/plans/{DemoPlanId}/import";

    private async Task<(HttpResponseMessage Response, string Html)> PostFileAsync(byte[] file, bool withToken = true)
    {
        var page = await (await _client.GetAsync(ImportPage)).Content.ReadAsStringAsync();
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), page);
        using var form = new MultipartFormDataContent();
        if (withToken) form.Add(new StringContent(token), "__RequestVerificationToken");
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue(XlsxType);
        form.Add(part, "file", "aktivitetsplan.xlsx");
        var response = await _client.PostAsync(ImportPage, form);
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_start_page_links_the_download_which_opens_again_as_the_plans_table()
    {
        var start = await (await _client.GetAsync("/")).Content.ReadAsStringAsync();
        var href = Regex.Match(start, "href=\"([^\"]+)\" download data-testid=\"export-xlsx\"").Groups[1].Value;
        Assert.Contains($"href=\"{ImportPage}\"", start);

        var response = await _client.GetAsync(href);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(XlsxType, response.Content.Headers.ContentType?.MediaType);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: true, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().ToList();
        var activities = await _client.ListAsync();
        Assert.Equal(activities.Count, rows.Count);
        Assert.Equal(activities.Select(a => (string)a!["title"]!).Order(), rows.Select(r => (string)r["Aktivitet"]!).Order());
    }

    [Fact]
    public async Task A_bad_file_shows_its_problems_by_row_and_column_and_writes_nothing()
    {
        var before = (await _client.ListAsync()).Count;
        var file = Workbook([Row("maj", "Vuxenutbildning", "Öppet hus"), Row("någon gång", "Nowhere", "Temadag")]);

        var (response, html) = await PostFileAsync(file);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("data-testid=\"import-problems\"", html);
        Assert.Matches(new Regex("<tr><td>3</td><td>Tid</td><td>[^<]*någon gång"), WebUtility.HtmlDecode(html));
        Assert.Matches(new Regex("<tr><td>3</td><td>Verksamhet</td>"), html);
        Assert.Equal(before, (await _client.ListAsync()).Count);
    }

    [Fact]
    public async Task A_good_file_is_imported_and_reported_and_a_post_without_the_token_is_refused()
    {
        var before = (await _client.ListAsync()).Count;
        var plan = await (await _client.GetAsync($"/api/plans/{DemoPlanId}")).ReadJsonAsync();
        var unit = (string)plan["units"]![0]!["name"]!;
        var file = Workbook([Row("maj och okt", unit, "Ny aktivitet från Excel"), Row("4 ggr/år", unit, "Ett nyhetsbrev till")]);

        var (refused, _) = await PostFileAsync(file, withToken: false);
        var (response, html) = await PostFileAsync(file);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        Assert.Contains("data-testid=\"import-report\"", html);
        Assert.Contains("2 activities added", html);
        Assert.Equal(before + 2, (await _client.ListAsync()).Count);
    }
}
