using System.Net;
using CommPlan.Application.Storage;
using CommPlan.Host.Tests.Infrastructure;
using CommPlan.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using static CommPlan.Host.Tests.Bot.BotActivities;

namespace CommPlan.Host.Tests.Bot;

/// <summary>With a bot app id, /api/messages lets through only activities with a valid Bot Framework token.</summary>
public sealed class BotDoorAuthenticationTests : IAsyncLifetime
{
    private const string AppId = "5d1e7a9c-3b2f-4e6d-8c1a-9f0b2e4d6a81";
    private LoopbackOpenIdServer _openId = null!;
    private AppFactory _app = null!;
    private RsaSecurityKey _key = null!;
    private HttpClient _client = null!;

    private DateTime Now => _app.Clock.GetUtcNow().UtcDateTime;

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
        });
        _client = _app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _openId.DisposeAsync();
    }

    private string Token(string? audience = null, string serviceUrl = ServiceUrl, RsaSecurityKey? key = null, string issuer = "https://api.botframework.com", TimeSpan? lifetime = null, DateTime? at = null) =>
        LoopbackOpenIdServer.Sign(key ?? _key, audience ?? AppId, serviceUrl, at ?? Now, issuer, lifetime);

    [Fact]
    public async Task A_valid_token_reaches_the_bot()
    {
        var response = await _client.PostActivityAsync(Message("hjälp"), Token());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await response.RepliesAsync());
        Assert.NotNull(await StoredConversationAsync());
    }

    [Fact]
    public async Task A_missing_token_is_refused_before_the_body_is_read()
    {
        var response = await _client.PostActivityAsync(Message("hjälp"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(await StoredConversationAsync());
        Assert.Equal(0, _openId.KeyRequests);
    }

    public static TheoryData<string> RefusedWith401 => new() { "forged key", "wrong audience", "wrong issuer", "expired", "not a jwt", "basic scheme" };

    [Theory]
    [MemberData(nameof(RefusedWith401))]
    public async Task A_bad_token_is_refused_with_401_and_no_handler_runs(string what)
    {
        var token = what switch
        {
            "forged key" => Token(key: LoopbackOpenIdServer.NewKey()),
            "wrong audience" => Token(audience: "another-bot"),
            "wrong issuer" => Token(issuer: "https://evil.example"),
            "expired" => Token(at: Now.AddHours(-2), lifetime: TimeSpan.FromMinutes(30)),
            "not a jwt" => "abc.def",
            _ => "",
        };
        var request = Message("hjälp");
        var response = what == "basic scheme"
            ? await _client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/messages")
            {
                Content = HttpExtensions.Json(request.ToJsonString()),
                Headers = { { "Authorization", "Basic dXNlcjpwYXNz" } },
            })
            : await _client.PostActivityAsync(request, token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(await StoredConversationAsync());
    }

    [Fact]
    public async Task A_token_within_the_five_minute_skew_is_accepted()
    {
        var response = await _client.PostActivityAsync(Message("hjälp"), Token(at: Now.AddMinutes(-64), lifetime: TimeSpan.FromMinutes(60)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_token_for_another_service_url_is_forbidden()
    {
        var response = await _client.PostActivityAsync(Message("hjälp"), Token(serviceUrl: "https://smba.trafficmanager.net/amer/"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(await StoredConversationAsync());
    }

    [Fact]
    public async Task A_key_that_does_not_endorse_the_channel_is_forbidden()
    {
        var skypeOnly = _openId.PublishKey("skype");
        var response = await _client.PostActivityAsync(Message("hjälp"), Token(key: skypeOnly));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(await StoredConversationAsync());
    }

    [Fact]
    public async Task An_invoke_with_a_bad_token_gets_no_invoke_response()
    {
        var response = await _client.PostActivityAsync(Invoke("activities.mine"), Token(audience: "another-bot"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("statusCode", await response.Content.ReadAsStringAsync());
    }

    private async Task<ConversationRecord?> StoredConversationAsync()
    {
        using var scope = _app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IConversationStore>().GetAsync(PersonalConversation);
    }
}

/// <summary>Without a bot app id (the embedded default) the door is open, but only to callers on this machine.</summary>
public sealed class BotDoorEmbeddedTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_loopback_caller_needs_no_token()
    {
        var response = await _app.CreateClient().PostActivityAsync(Message("help", "en-US"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_caller_from_another_machine_is_refused()
    {
        _app.RemoteIp = IPAddress.Parse("10.20.30.40");
        var response = await _app.CreateClient().PostActivityAsync(Message("help", "en-US"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
