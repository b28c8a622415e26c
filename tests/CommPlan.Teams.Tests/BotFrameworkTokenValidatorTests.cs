using CommPlan.Teams.Authentication;
using CommPlan.Testing;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace CommPlan.Teams.Tests;

/// <summary>The inbound token rules of the Bot Framework, checked with real RS256 tokens and keys served on loopback.</summary>
public sealed class BotFrameworkTokenValidatorTests : IAsyncLifetime
{
    private const string AppId = "0a1b2c3d-0000-4000-8000-00000000b07a";
    private const string ServiceUrl = "https://smba.trafficmanager.net/emea/";
    private static readonly DateTime Now = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(Now));
    private readonly HttpClient _http = new();
    private LoopbackOpenIdServer _server = null!;
    private RsaSecurityKey _teamsKey = null!;
    private BotFrameworkTokenValidator _validator = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackOpenIdServer.StartAsync();
        _teamsKey = _server.PublishKey("msteams", "webchat");
        _validator = new BotFrameworkTokenValidator(
            new BotAuthenticationOptions { AppId = AppId, OpenIdMetadataUrl = _server.MetadataUrl, RequireHttpsMetadata = false },
            _http, _clock);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private Task<BotAuthenticationResult> Check(string? token, string channel = "msteams", string serviceUrl = ServiceUrl) =>
        _validator.ValidateAsync(token is null ? null : "Bearer " + token, channel, serviceUrl, default);

    private string Token(RsaSecurityKey? key = null, string audience = AppId, string serviceUrl = ServiceUrl,
        string issuer = "https://api.botframework.com", TimeSpan? lifetime = null, DateTime? now = null) =>
        LoopbackOpenIdServer.Sign(key ?? _teamsKey, audience, serviceUrl, now ?? Now, issuer, lifetime);

    [Fact]
    public async Task A_valid_token_from_teams_is_accepted()
    {
        var result = await Check(Token());

        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal("bot-connector", result.Identity!.FindFirst("appid")?.Value);
    }

    [Fact]
    public async Task A_missing_token_is_401()
    {
        Assert.Equal(401, (await Check(null)).StatusCode);
        Assert.Equal(401, (await _validator.ValidateAsync("Basic abc", "msteams", ServiceUrl, default)).StatusCode);
    }

    [Fact]
    public async Task A_token_signed_by_an_unpublished_key_is_401()
    {
        var forged = Token(LoopbackOpenIdServer.NewKey());

        Assert.Equal(401, (await Check(forged)).StatusCode);
    }

    [Fact]
    public async Task A_token_for_another_bot_is_401()
    {
        Assert.Equal(401, (await Check(Token(audience: "someone-elses-bot"))).StatusCode);
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_401()
    {
        Assert.Equal(401, (await Check(Token(issuer: "https://sts.windows.net/evil/"))).StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_accepted_within_five_minutes_of_skew_and_refused_after()
    {
        var token = Token(lifetime: TimeSpan.FromMinutes(10));

        _clock.Advance(TimeSpan.FromMinutes(14));
        Assert.True((await Check(token)).Succeeded);

        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(401, (await Check(token)).StatusCode);
    }

    [Fact]
    public async Task A_token_whose_serviceurl_differs_from_the_activity_is_403()
    {
        var result = await Check(Token(), serviceUrl: "https://attacker.example/");

        Assert.Equal(403, result.StatusCode);
        Assert.Contains("serviceurl", result.Failure);
    }

    [Fact]
    public async Task A_channel_the_key_does_not_endorse_is_403()
    {
        var result = await Check(Token(), channel: "slack");

        Assert.Equal(403, result.StatusCode);
    }

    [Fact]
    public async Task A_tampered_token_is_401()
    {
        var parts = Token().Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace(ServiceUrl, "https://attacker.example/");
        var tampered = parts[0] + "." + Base64UrlEncoder.Encode(payload) + "." + parts[2];

        Assert.Equal(401, (await Check(tampered, serviceUrl: "https://attacker.example/")).StatusCode);
    }

    [Fact]
    public async Task Keys_are_cached_and_fetched_again_when_a_new_key_appears()
    {
        Assert.True((await Check(Token())).Succeeded);
        Assert.True((await Check(Token())).Succeeded);
        Assert.Equal(1, _server.KeyRequests);

        var rolled = _server.PublishKey("msteams");
        Assert.Equal(401, (await Check(Token(rolled))).StatusCode); // unknown key within 5 minutes of the last fetch
        _clock.Advance(TimeSpan.FromMinutes(6));

        Assert.True((await Check(Token(rolled, now: _clock.GetUtcNow().UtcDateTime))).Succeeded);
        Assert.Equal(2, _server.KeyRequests);
    }

    [Fact]
    public async Task Keys_are_fetched_again_after_a_day()
    {
        Assert.True((await Check(Token())).Succeeded);
        _clock.Advance(TimeSpan.FromHours(24));

        Assert.True((await Check(Token(now: _clock.GetUtcNow().UtcDateTime))).Succeeded);
        Assert.Equal(2, _server.KeyRequests);
    }
}
