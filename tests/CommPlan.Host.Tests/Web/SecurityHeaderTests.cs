using System.Net;
using CommPlan.Host.Tests.Infrastructure;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;

namespace CommPlan.Host.Tests.Web;

/// <summary>Every answer says "nosniff"; pages say where they may run and who may frame them.</summary>
public sealed class SecurityHeaderTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : "";

    private static Dictionary<string, string> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d.Contains(' ') ? d[(d.IndexOf(' ') + 1)..] : "");

    [Fact]
    public async Task The_start_page_may_be_framed_by_Teams_and_Microsoft_365_and_runs_no_inline_code()
    {
        var response = await _client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        var csp = Directives(Header(response, "Content-Security-Policy"));
        var ancestors = csp["frame-ancestors"].Split(' ');
        foreach (var host in new[] { "'self'", "https://teams.microsoft.com", "https://*.teams.microsoft.com", "https://*.cloud.microsoft",
                     "https://*.office.com", "https://*.microsoft365.com", "https://outlook.office.com", "https://outlook.office365.com" })
            Assert.Contains(host, ancestors);
        Assert.Equal("'self'", csp["script-src"]);
        Assert.Equal("'self'", csp["style-src"]);
        Assert.Equal("'none'", csp["object-src"]);
        Assert.DoesNotContain("unsafe-inline", Header(response, "Content-Security-Policy"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain(" style=\"", html);
    }

    [Theory]
    [InlineData("/api/plans")]
    [InlineData("/health")]
    [InlineData("/site.css")]
    public async Task Data_answers_say_nosniff_and_may_not_be_framed(string url)
    {
        var response = await _client.GetAsync(url);

        Assert.True(response.IsSuccessStatusCode, $"{url} answered {(int)response.StatusCode}");
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
    }

    [Fact]
    public async Task Problem_answers_say_nosniff_too()
    {
        var missing = await _client.GetAsync($"/api/plans/{Guid.NewGuid()}");
        var invalid = await _client.PostAsync(Activities, Json("{\"title\":"));
        var noRoute = await _client.GetAsync("/no/such/page");

        foreach (var response in new[] { missing, invalid, noRoute })
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
        }
    }
}
