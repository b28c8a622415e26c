using System.Net.Http.Json;
using CommPlan.Host.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static CommPlan.Host.Tests.Bot.BotActivities;

namespace CommPlan.Host.Tests.Hosting;

/// <summary>The app listens where the platform says, and behind a proxy it links to the public address.</summary>
public sealed class ListeningTests
{
    [Fact]
    public async Task It_listens_on_ASPNETCORE_URLS_even_though_appsettings_json_is_in_its_folder()
    {
        await using var serving = await HostProcess.StartServingAsync(port => new Dictionary<string, string?> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" });
        var (host, url) = (serving.Host, serving.Url);

        Assert.True(File.Exists(Path.Combine(host.Folder, "appsettings.json")), "the app's own appsettings.json is in its content root");
        Assert.Contains($"Now listening on: {url}", host.Output);
    }

    [Fact]
    public async Task It_listens_on_ASPNETCORE_HTTP_PORTS()
    {
        await using var serving = await HostProcess.StartServingAsync(port => new Dictionary<string, string?> { ["ASPNETCORE_HTTP_PORTS"] = port.ToString() });
    }

    [Fact]
    public async Task It_listens_on_the_urls_argument()
    {
        await using var serving = await HostProcess.StartServingAsync(_ => new Dictionary<string, string?>(), port => ["--urls", $"http://127.0.0.1:{port}"]);
    }

    // Binding 3978 itself would collide with anyone running the app on this machine, so this asks the app which
    // address it chose rather than listening there.
    [Fact]
    public async Task With_no_address_configured_it_chooses_localhost_3978()
    {
        await using var app = new AppFactory();
        _ = app.CreateClient();

        Assert.Equal("http://localhost:3978", app.Services.GetRequiredService<IConfiguration>()["urls"]);
    }

    [Fact]
    public async Task A_configured_address_is_not_replaced_by_the_default()
    {
        await using var app = new AppFactory(new Dictionary<string, string?> { ["http_ports"] = "8080" });
        _ = app.CreateClient();

        Assert.Null(app.Services.GetRequiredService<IConfiguration>()["urls"]);
    }

    [Fact]
    public async Task Behind_a_configured_proxy_card_links_use_the_forwarded_public_host()
    {
        await using var serving = await HostProcess.StartServingAsync(port => new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ForwardedHeaders__KnownProxies__0"] = "127.0.0.1",
        });

        var card = await PlanCardThroughProxyAsync(serving.Client);

        Assert.Contains("\"https://plan.kommun.example/\"", card);
        Assert.DoesNotContain(serving.Url, card);
    }

    [Fact]
    public async Task Without_forwarded_headers_configured_card_links_ignore_them()
    {
        await using var serving = await HostProcess.StartServingAsync(port => new Dictionary<string, string?> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" });

        var card = await PlanCardThroughProxyAsync(serving.Client);

        Assert.Contains($"\"{serving.Url}/\"", card);
        Assert.DoesNotContain("plan.kommun.example", card);
    }

    // What a reverse proxy in front of the app sends on: the public scheme and host, and the caller's address.
    private static async Task<string> PlanCardThroughProxyAsync(HttpClient client)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(Invoke("plan.status")) };
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "plan.kommun.example");
        request.Headers.Add("X-Forwarded-For", "127.0.0.1");
        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return body;
    }
}
