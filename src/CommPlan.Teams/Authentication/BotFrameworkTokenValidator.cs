using System.Security.Claims;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace CommPlan.Teams.Authentication;

/// <summary>How inbound Bot Framework tokens are checked. The metadata URL is a setting so tests can serve their own keys.</summary>
public sealed class BotAuthenticationOptions
{
    public const string BotFrameworkMetadata = "https://login.botframework.com/v1/.well-known/openidconfiguration";
    public const string BotFrameworkIssuer = "https://api.botframework.com";

    /// <summary>The bot's Microsoft app id: the audience every token must name.</summary>
    public string AppId { get; set; } = "";

    public string OpenIdMetadataUrl { get; set; } = BotFrameworkMetadata;
    public string Issuer { get; set; } = BotFrameworkIssuer;
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Keys are fetched again at least this often (the protocol asks for daily).</summary>
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Only tests on loopback turn this off.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}

/// <summary>The outcome of checking a request: who sent it, or which status to answer and why.</summary>
public sealed record BotAuthenticationResult(bool Succeeded, int StatusCode, string? Failure, ClaimsIdentity? Identity)
{
    public static BotAuthenticationResult Success(ClaimsIdentity identity) => new(true, 200, null, identity);
    public static BotAuthenticationResult Unauthorized(string why) => new(false, 401, why, null);
    public static BotAuthenticationResult Forbidden(string why) => new(false, 403, why, null);
}

/// <summary>
/// Checks the bearer token on an inbound activity as the Bot Framework requires: RS256 signature by a key from the
/// OpenID metadata (cached, refreshed daily and when an unknown key appears), issuer, audience = the bot's app id,
/// lifetime with clock skew, the token's serviceurl claim equal to the activity's serviceUrl, and the activity's
/// channel among the signing key's endorsements.
/// </summary>
public sealed class BotFrameworkTokenValidator
{
    private readonly BotAuthenticationOptions _options;
    private static readonly TimeSpan MinimumForcedRefresh = TimeSpan.FromMinutes(5);

    private readonly HttpDocumentRetriever _retriever;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _fetching = new(1, 1);
    private OpenIdConnectConfiguration? _config;
    private DateTimeOffset _fetchedAt;

    public BotFrameworkTokenValidator(BotAuthenticationOptions options, HttpClient http, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(options.AppId)) throw new ArgumentException("The bot's app id is required.", nameof(options));
        _options = options;
        _time = time;
        _retriever = new HttpDocumentRetriever(http) { RequireHttps = options.RequireHttpsMetadata };
    }

    public async Task<BotAuthenticationResult> ValidateAsync(string? authorization, string? channelId, string? serviceUrl, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(authorization) || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return BotAuthenticationResult.Unauthorized("No bearer token.");
        var token = authorization["Bearer ".Length..].Trim();

        var config = await MetadataAsync(force: false, ct);
        var result = await ValidateAsync(token, config);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // The service may have rolled its keys: fetch them once more before refusing.
            config = await MetadataAsync(force: true, ct);
            result = await ValidateAsync(token, config);
        }
        if (!result.IsValid) return BotAuthenticationResult.Unauthorized(result.Exception?.GetType().Name ?? "Invalid token.");

        var jwt = (JsonWebToken)result.SecurityToken;
        var claimedServiceUrl = jwt.TryGetPayloadValue<string>("serviceurl", out var s) ? s : null;
        if (claimedServiceUrl is null || serviceUrl is null || !SameUrl(claimedServiceUrl, serviceUrl))
            return BotAuthenticationResult.Forbidden("The token's serviceurl does not match the activity's serviceUrl.");

        var key = config.JsonWebKeySet?.Keys.FirstOrDefault(k => k.Kid == jwt.Kid);
        var endorsements = key is null ? null : Endorsements(key);
        if (endorsements is not null && (channelId is null || !endorsements.Contains(channelId, StringComparer.OrdinalIgnoreCase)))
            return BotAuthenticationResult.Forbidden($"The signing key does not endorse channel '{channelId}'.");

        return BotAuthenticationResult.Success(result.ClaimsIdentity);
    }

    /// <summary>
    /// The metadata and keys, fetched when missing, older than the refresh interval, or on request for an unknown
    /// key — the latter at most every five minutes, so forged key ids cannot hammer the metadata endpoint.
    /// </summary>
    private async Task<OpenIdConnectConfiguration> MetadataAsync(bool force, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        bool Stale() => _config is null || now - _fetchedAt >= _options.KeyRefreshInterval || (force && now - _fetchedAt >= MinimumForcedRefresh);
        if (!Stale()) return _config!;
        await _fetching.WaitAsync(ct);
        try
        {
            if (Stale())
            {
                _config = await OpenIdConnectConfigurationRetriever.GetAsync(_options.OpenIdMetadataUrl, _retriever, ct);
                _fetchedAt = now;
            }
            return _config!;
        }
        finally
        {
            _fetching.Release();
        }
    }

    private Task<TokenValidationResult> ValidateAsync(string token, OpenIdConnectConfiguration config) =>
        _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = _options.Issuer,
            ValidAudience = _options.AppId,
            IssuerSigningKeys = config.SigningKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ClockSkew = _options.ClockSkew,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            LifetimeValidator = (notBefore, expires, _, p) =>
            {
                var now = _time.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore.Value - p.ClockSkew <= now) && expires is not null && now <= expires.Value + p.ClockSkew;
            },
        });

    private static IReadOnlyList<string>? Endorsements(JsonWebKey key)
    {
        if (!key.AdditionalData.TryGetValue("endorsements", out var value)) return null;
        return value switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } e => e.EnumerateArray().Select(x => x.GetString() ?? "").ToArray(),
            IEnumerable<object> list => list.Select(x => x?.ToString() ?? "").ToArray(),
            _ => [],
        };
    }

    private static bool SameUrl(string a, string b) =>
        string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
