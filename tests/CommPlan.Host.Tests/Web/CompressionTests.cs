using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CommPlan.Host.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;

namespace CommPlan.Host.Tests.Web;

/// <summary>
/// Answers are compressed with Brotli or gzip when the client says it takes them, and only then; the answer that
/// carries a calendar feed's secret address is never compressed over HTTPS (BREACH).
/// </summary>
public sealed class CompressionTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        // The test server's client never decompresses: what is read is what was sent.
        _client = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<HttpResponseMessage> GetAsync(string url, string? acceptEncoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptEncoding is not null) request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        var response = await _client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {response.StatusCode}");
        return response;
    }

    private static async Task<string> DecodeAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStreamAsync();
        await using Stream decoded = response.Content.Headers.ContentEncoding.SingleOrDefault() switch
        {
            "br" => new BrotliStream(body, CompressionMode.Decompress),
            "gzip" => new GZipStream(body, CompressionMode.Decompress),
            null => body,
            var other => throw new InvalidOperationException("Unexpected encoding " + other),
        };
        using var reader = new StreamReader(decoded, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task The_year_view_is_sent_with_Brotli_to_a_client_that_takes_it_and_reads_as_the_plain_page()
    {
        var url = $"/plans/{DemoPlanId}/year?culture=en";
        var plain = await GetAsync(url, null);
        var compressed = await GetAsync(url, "br, gzip");

        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal(["br"], compressed.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", compressed.Headers.Vary);
        var page = await plain.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"year-grid\"", page);
        Assert.True(compressed.Content.Headers.ContentLength is null || compressed.Content.Headers.ContentLength < page.Length);
        Assert.Equal(page, await DecodeAsync(compressed));
    }

    [Fact]
    public async Task The_list_and_the_API_are_sent_with_gzip_to_a_client_that_takes_only_gzip()
    {
        var list = await GetAsync($"/plans/{DemoPlanId}/list", "gzip");
        var api = await GetAsync(Activities, "gzip");

        Assert.Equal(["gzip"], list.Content.Headers.ContentEncoding);
        Assert.Contains("data-testid=\"activities\"", await DecodeAsync(list));
        Assert.Equal(["gzip"], api.Content.Headers.ContentEncoding);
        Assert.NotEmpty(JsonNode.Parse(await DecodeAsync(api))!["items"]!.AsArray());
    }

    [Fact]
    public async Task Styles_and_scripts_are_compressed_and_nothing_is_when_the_client_does_not_ask()
    {
        foreach (var file in new[] { "/tab.css", "/js/tab-theme.js" })
        {
            Assert.Equal(["br"], (await GetAsync(file, "br")).Content.Headers.ContentEncoding);
            Assert.Empty((await GetAsync(file, null)).Content.Headers.ContentEncoding);
        }
        Assert.Empty((await GetAsync($"/plans/{DemoPlanId}/list", null)).Content.Headers.ContentEncoding);
        Assert.Empty((await GetAsync($"/plans/{DemoPlanId}/list", "identity")).Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task The_answer_with_a_new_calendar_feeds_secret_address_is_not_compressed_over_HTTPS()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/calendar-feeds") { Content = Json(new { kind = "mine" }) };
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip");
        var created = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Empty(created.Content.Headers.ContentEncoding);
        var url = (string)(await created.ReadJsonAsync())["url"]!;
        Assert.Contains("/calendar/", url);
        // The list of feeds, without their addresses, is compressed as any other answer.
        Assert.Equal(["br"], (await GetAsync("/api/calendar-feeds", "br, gzip")).Content.Headers.ContentEncoding);
    }
}
