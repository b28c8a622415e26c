using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using CommPlan.Host.Tests.Infrastructure;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;

namespace CommPlan.Host.Tests.PlanDocuments;

/// <summary>The plan's documents page over HTTP, as a browser without script uses it: forms posted with their antiforgery token.</summary>
public sealed partial class DocumentsPageTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private HttpClient _client = null!;
    private static readonly string Page = $"/plans/{DemoPlanId}/documents";

    public Task InitializeAsync()
    {
        _client = _app.CreateClient();
        _client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    private async Task<(string Html, string Token)> ReadAsync(string url)
    {
        var response = await _client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {response.StatusCode}\n{html}");
        var token = TokenField().Match(html);
        Assert.True(token.Success, "The page's forms carry an antiforgery token:\n" + html);
        return (html, token.Groups[1].Value);
    }

    private async Task<(HttpStatusCode Status, string Html)> UploadAsync(string token, string name, byte[] content)
    {
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", name);
        var response = await _client.PostAsync(Page + "?handler=Upload", form);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_page_writes_the_plan_document_takes_an_upload_and_lists_both_with_their_versions()
    {
        var (empty, token) = await ReadAsync(Page);
        Assert.Contains("data-testid=\"no-documents\"", empty);

        var generated = await _client.PostAsync(Page + "?handler=Generate", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["language"] = "sv",
        }));
        var afterGenerate = await generated.Content.ReadAsStringAsync();
        Assert.True(generated.StatusCode == HttpStatusCode.OK, afterGenerate);
        Assert.Matches("data-testid=\"documents\"[\\s\\S]*\\.docx", afterGenerate);
        Assert.Contains("Anna Lindqvist", afterGenerate);

        var (uploaded, html) = await UploadAsync(token, "Protokoll.pdf", "%PDF-1 protokoll"u8.ToArray());
        Assert.True(uploaded == HttpStatusCode.OK, html);
        Assert.Contains("Protokoll.pdf", html);
        await UploadAsync(token, "Protokoll.pdf", "%PDF-1 protokoll, justerat"u8.ToArray());

        var (versions, _) = await ReadAsync(Page + "?versions=Protokoll.pdf");
        Assert.Matches("data-testid=\"versions\"[\\s\\S]*2\\.0[\\s\\S]*1\\.0", versions);
        Assert.Contains($"/api/plans/{DemoPlanId}/documents/Protokoll.pdf/versions/1.0/content", versions);
        Assert.Equal("%PDF-1 protokoll"u8.ToArray(), await _client.GetByteArrayAsync($"/api/plans/{DemoPlanId}/documents/Protokoll.pdf/versions/1.0/content"));
    }

    [Fact]
    public async Task A_document_adopted_on_the_page_shows_who_adopted_which_version_and_when_from_the_plans_record()
    {
        var (_, token) = await ReadAsync(Page);
        await UploadAsync(token, "Protokoll.pdf", "%PDF-1 protokoll"u8.ToArray());
        Assert.DoesNotContain("data-testid=\"adopted-by\"", (await ReadAsync(Page)).Html);

        var adopted = await _client.PostAsync(Page + "?handler=Adopt", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["name"] = "Protokoll.pdf",
        }));
        Assert.True(adopted.StatusCode == HttpStatusCode.OK, await adopted.Content.ReadAsStringAsync());

        // As the page encodes it (a time may hold a narrow no-break space).
        var html = HtmlEncoder.Create(UnicodeRanges.All);
        // In the organisation's time zone (Stockholm by default), whatever the server's: 09:30 for 08:30 UTC in November.
        var stockholm = TimeZoneInfo.ConvertTime(_app.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm"));
        Assert.Equal(TimeSpan.FromHours(1), stockholm.Offset);
        string When(string culture) => stockholm.ToString("g", CultureInfo.GetCultureInfo(culture));
        Assert.Contains("data-testid=\"adopted-by\">" + html.Encode($"Adopted by Anna Lindqvist on {When("en")} (version 2.0)") + "</span>", (await ReadAsync(Page)).Html);
        _client.DefaultRequestHeaders.AcceptLanguage.Clear();
        _client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("sv");
        Assert.Contains(html.Encode($"Fastställd av Anna Lindqvist den {When("sv")} (version 2.0)"), (await ReadAsync(Page)).Html);
    }

    [Fact]
    public async Task An_upload_of_a_type_not_allowed_is_refused_on_the_page_and_a_post_without_token_is_refused()
    {
        var (_, token) = await ReadAsync(Page);

        var (status, html) = await UploadAsync(token, "verktyg.exe", [1, 2, 3]);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Contains("data-testid=\"problem\"", html);
        Assert.Contains("data-testid=\"no-documents\"", html);

        var forged = await _client.PostAsync(Page + "?handler=Generate", new FormUrlEncodedContent(new Dictionary<string, string> { ["language"] = "sv" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("data-testid=\"no-documents\"", (await ReadAsync(Page)).Html);
    }
}
