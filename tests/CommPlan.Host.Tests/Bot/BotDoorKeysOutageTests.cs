using System.Net;
using System.Text.Json.Nodes;
using CommPlan.Host.Tests.Infrastructure;
using CommPlan.Testing;
using Microsoft.IdentityModel.Tokens;
using static CommPlan.Host.Tests.Bot.BotActivities;

namespace CommPlan.Host.Tests.Bot;

/// <summary>
/// The Bot Framework's OpenID metadata out of service: keys fetched before keep validating, without any the door
/// answers 503 with Retry-After (the Bot Framework sends the activity again), and /health says Degraded.
/// </summary>
public sealed class BotDoorKeysOutageTests : IAsyncLifetime
{
    private const string AppId = "5d1e7a9c-3b2f-4e6d-8c1a-9f0b2e4d6a81";
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(10);
    private LoopbackOpenIdServer _openId = null!;
    private AppFactory _app = null!;
    private RsaSecurityKey _key = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _openId = await LoopbackOpenIdServer.StartAsync();
        _key = _openId.PublishKey("msteams");
        _app = new AppFactory(new Dictionary<string, string?>
        {
            ["Bot:AppId"] = AppId,
            ["Bot:AppPassword"] = "not-used-here",
            ["Bot:TenantId"] = TenantId,
            ["Bot:OpenIdMetadataUrl"] = _openId.MetadataUrl,
            ["Bot:RequireHttpsMetadata"] = "false",
            ["Bot:MetadataTimeout"] = MetadataTimeout.ToString(),
        });
        _client = _app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _openId.DisposeAsync();
    }

    private string Token() => LoopbackOpenIdServer.Sign(_key, AppId, ServiceUrl, _app.Clock.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task Keys_fetched_earlier_keep_validating_while_the_metadata_is_unreachable_and_health_is_degraded()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.PostActivityAsync(Message("hjälp"), Token())).StatusCode);
        _openId.Availability = LoopbackOpenIdServer.Service.Refusing;
        _app.Clock.Advance(TimeSpan.FromHours(25)); // the daily refresh is due, and fails

        var response = await _client.PostActivityAsync(Message("hjälp"), Token());
        var check = await BotKeysCheckAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await response.RepliesAsync());
        Assert.Equal("Degraded", (string?)check["status"]);
        Assert.Contains(_openId.MetadataUrl, (string?)check["description"]);
    }

    [Fact]
    public async Task Without_keys_ever_fetched_an_activity_is_answered_503_with_Retry_After_and_health_is_degraded()
    {
        _openId.Availability = LoopbackOpenIdServer.Service.Refusing;

        var response = await _client.PostActivityAsync(Message("hjälp"), Token());
        var check = await BotKeysCheckAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.True(response.Headers.RetryAfter!.Delta > TimeSpan.Zero);
        Assert.Equal("Degraded", (string?)check["status"]);
        Assert.Contains("503", (string?)check["description"]);
    }

    [Fact]
    public async Task Metadata_that_answers_503_is_a_503_with_Retry_After_and_the_keys_are_used_once_it_is_back()
    {
        _openId.Availability = LoopbackOpenIdServer.Service.Failing;
        var down = await _client.PostActivityAsync(Message("hjälp"), Token());
        _openId.Availability = LoopbackOpenIdServer.Service.Up;
        _app.Clock.Advance(down.Headers.RetryAfter?.Delta ?? TimeSpan.FromMinutes(1));

        var back = await _client.PostActivityAsync(Message("hjälp"), Token());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.NotNull(down.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Equal("Healthy", (string?)(await BotKeysCheckAsync())["status"]);
    }

    [Fact]
    public async Task Metadata_that_hangs_is_given_up_after_the_timeout_with_503()
    {
        _openId.Availability = LoopbackOpenIdServer.Service.Hanging;
        var pending = _client.PostActivityAsync(Message("hjälp"), Token());
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (_openId.HeldRequests == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the app never asked the hanging metadata endpoint");
            Assert.False(pending.IsCompleted, "the activity was answered before the metadata endpoint was asked");
            await Task.Delay(20);
        }

        _app.Clock.Advance(MetadataTimeout);
        var response = await pending.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.Contains("did not answer", (string?)(await BotKeysCheckAsync())["description"]);
    }

    private async Task<JsonNode> BotKeysCheckAsync()
    {
        var health = await (await _client.GetAsync("/health")).ReadJsonAsync();
        return health["checks"]!.AsArray().Single(c => (string?)c!["name"] == "bot-keys")!;
    }
}
