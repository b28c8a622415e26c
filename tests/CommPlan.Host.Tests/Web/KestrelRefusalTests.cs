using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using CommPlan.Host.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CommPlan.Host.Tests.Web;

/// <summary>
/// Requests Kestrel refuses before the app sees them still get problem details. Only a real Kestrel parses the raw
/// request, so the host runs on a loopback port and the requests are written to a socket byte for byte.
/// </summary>
public sealed class KestrelRefusalTests(KestrelRefusalTests.Server server) : IClassFixture<KestrelRefusalTests.Server>
{
    public sealed class Server : IAsyncLifetime
    {
        public AppFactory Factory { get; } = new();
        public int Port { get; private set; }

        public Task InitializeAsync()
        {
            Factory.UseKestrel(0);
            Factory.StartServer();
            var address = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            Port = new Uri(address).Port;
            return Task.CompletedTask;
        }

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }

    /// <summary>No method: not "method SP target SP version".</summary>
    private const string MalformedRequestLine = " / HTTP/1.1\r\nHost: localhost\r\n\r\n";

    private sealed record RawResponse(int Status, Dictionary<string, string> Headers, string Body);

    private async Task<RawResponse> SendRawAsync(string request)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port, deadline.Token);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), deadline.Token);
        using var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            // Kestrel closes the connection after a refusal; read until then.
            int read;
            while ((read = await stream.ReadAsync(buffer, deadline.Token)) > 0) received.Write(buffer, 0, read);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("The server did not close the connection within 30 s; received: " + Encoding.UTF8.GetString(received.ToArray()));
        }
        catch (IOException)
        {
            // A reset after the answer (Kestrel stops reading an oversized request) still leaves the answer received.
        }
        var text = Encoding.UTF8.GetString(received.ToArray());
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, "No complete response head: " + text);
        var lines = text[..end].Split("\r\n");
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return new RawResponse(int.Parse(lines[0].Split(' ')[1]), headers, text[(end + 4)..]);
    }

    private static void AssertProblem(RawResponse response, int status)
    {
        Assert.Equal(status, response.Status);
        Assert.StartsWith("application/problem+json", response.Headers.GetValueOrDefault("Content-Type"));
        Assert.Equal("nosniff", response.Headers.GetValueOrDefault("X-Content-Type-Options"));
        Assert.Equal(Encoding.UTF8.GetByteCount(response.Body), int.Parse(response.Headers["Content-Length"]));
        var problem = JsonNode.Parse(response.Body)!;
        Assert.Equal(status, (int)problem["status"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["title"]));
    }

    [Fact]
    public async Task An_overlong_url_is_414_with_problem_details() =>
        AssertProblem(await SendRawAsync($"GET /{new string('a', 20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n"), 414);

    [Fact]
    public async Task Huge_headers_are_431_with_problem_details() =>
        AssertProblem(await SendRawAsync($"GET / HTTP/1.1\r\nHost: localhost\r\nX-Filler: {new string('b', 40_000)}\r\n\r\n"), 431);

    [Theory]
    [InlineData(" / HTTP/1.1")]
    [InlineData("GET\u0001 / HTTP/1.1")]
    [InlineData("GET /\u0000 HTTP/1.1")]
    [InlineData("GET")]
    public async Task A_malformed_request_line_is_400_with_problem_details(string requestLine) =>
        AssertProblem(await SendRawAsync(requestLine + "\r\nHost: localhost\r\n\r\n"), 400);

    [Fact]
    public async Task An_unknown_http_version_is_505_with_problem_details() =>
        AssertProblem(await SendRawAsync("GET / HTTP/7.0\r\nHost: localhost\r\n\r\n"), 505);

    [Fact]
    public async Task The_refusal_is_in_the_organisations_language()
    {
        var response = await SendRawAsync(MalformedRequestLine);
        Assert.Equal("Begäran är inte giltig HTTP.", (string?)JsonNode.Parse(response.Body)!["title"]);
    }

    [Fact]
    public async Task Answers_of_the_app_on_the_same_listener_pass_unchanged()
    {
        // HTTP/1.0, so that the answer comes whole rather than chunked.
        var response = await SendRawAsync("GET /health HTTP/1.0\r\n\r\n");

        Assert.Equal(200, response.Status);
        Assert.Equal("Healthy", (string?)JsonNode.Parse(response.Body)!["status"]);
    }

    [Fact]
    public async Task Problem_details_the_app_writes_for_a_status_code_pass_through_whole()
    {
        // The status code page writes its body as JSON through the listener's writer, which must say how much it holds.
        var response = await SendRawAsync("GET /api/no-such-thing HTTP/1.0\r\n\r\n");

        Assert.Equal(404, response.Status);
        Assert.StartsWith("application/problem+json", response.Headers.GetValueOrDefault("Content-Type"));
        Assert.Equal(404, (int)JsonNode.Parse(response.Body)!["status"]!);
    }

    [Fact]
    public async Task An_empty_answer_of_the_app_is_left_as_it_is()
    {
        var response = await SendRawAsync("HEAD /health HTTP/1.0\r\n\r\n");

        Assert.Equal(200, response.Status);
        Assert.Equal("", response.Body);
    }

    [Fact]
    public async Task Json_answers_the_app_streams_pass_whole_over_the_same_listener()
    {
        // The JSON serializer asks Kestrel's writer how much it holds while it streams a large answer.
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}"), Timeout = TimeSpan.FromSeconds(30) };

        var plan = JsonNode.Parse(await client.GetStringAsync("/api/plans/current"))!;
        var activities = await client.GetAsync($"/api/plans/{(string?)plan["id"]}/activities");

        Assert.Equal(HttpStatusCode.OK, activities.StatusCode);
        Assert.True((int?)JsonNode.Parse(await activities.Content.ReadAsStringAsync())!["count"] > 10);
    }
}
