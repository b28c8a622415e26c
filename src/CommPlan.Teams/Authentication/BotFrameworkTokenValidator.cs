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

    /// <summary>How long one fetch of the metadata or keys may take before it counts as failed.</summary>
    public TimeSpan MetadataTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// After a failed fetch, how long until the next try: meanwhile the keys fetched before keep validating, and
    /// without any, activities are answered 503 at once instead of each waiting for the metadata endpoint.
    /// </summary>
    public TimeSpan MetadataRetryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Only tests on loopback turn this off.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}

/// <summary>The outcome of checking a request: who sent it, or which status to answer and why.</summary>
public sealed record BotAuthenticationResult(bool Succeeded, int StatusCode, string? Failure, ClaimsIdentity? Identity, TimeSpan? RetryAfter = null)
{
    public static BotAuthenticationResult Success(ClaimsIdentity identity) => new(true, 200, null, identity);
    public static BotAuthenticationResult Unauthorized(string why) => new(false, 401, why, null);
    public static BotAuthenticationResult Forbidden(string why) => new(false, 403, why, null);

    /// <summary>The token cannot be checked (no signing keys could be fetched): the Bot Framework retries a 503.</summary>
    public static BotAuthenticationResult Unavailable(string why, TimeSpan retryAfter) => new(false, 503, why, null, retryAfter);
}

/// <summary>The last fetch of the signing keys failed: why, when, and when keys were last fetched (null: never).</summary>
public sealed record KeyRefreshFailure(string Reason, DateTimeOffset FailedAt, DateTimeOffset? KeysFetchedAt);

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
    private volatile KeyRefreshFailure? _failure;

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

        if (await MetadataAsync(force: false, ct) is not { } config) return Unavailable();
        var result = await ValidateAsync(token, config);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // The service may have rolled its keys: fetch them once more before refusing.
            config = await MetadataAsync(force: true, ct) ?? config;
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

    /// <summary>Why the signing keys could not be fetched the last time it was tried; null when the last fetch succeeded.</summary>
    public KeyRefreshFailure? RefreshFailure => _failure;

    private BotAuthenticationResult Unavailable()
    {
        var failure = _failure;
        var left = failure is null ? _options.MetadataRetryInterval : failure.FailedAt + _options.MetadataRetryInterval - _time.GetUtcNow();
        return BotAuthenticationResult.Unavailable(
            $"No Bot Framework signing keys to check the token with: {failure?.Reason ?? "not fetched yet"}",
            left > TimeSpan.Zero ? left : TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// The metadata and keys, fetched when missing, older than the refresh interval, or on request for an unknown
    /// key — the latter at most every five minutes, so forged key ids cannot hammer the metadata endpoint. When a
    /// fetch fails the keys fetched before stay in use, and it is tried again only after the retry interval; null
    /// when no keys were ever fetched.
    /// </summary>
    private async Task<OpenIdConnectConfiguration?> MetadataAsync(bool force, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        bool Stale() => _config is null || now - _fetchedAt >= _options.KeyRefreshInterval || (force && now - _fetchedAt >= MinimumForcedRefresh);
        bool Resting() => _failure is { } f && now - f.FailedAt < _options.MetadataRetryInterval;
        if (!Stale() || Resting()) return _config;
        await _fetching.WaitAsync(ct);
        try
        {
            if (Stale() && !Resting())
            {
                using var abandon = CancellationTokenSource.CreateLinkedTokenSource(ct);
                try
                {
                    // The retriever does not stop every wait on cancellation: the deadline is kept here, on the app's clock.
                    _config = await OpenIdConnectConfigurationRetriever.GetAsync(_options.OpenIdMetadataUrl, _retriever, abandon.Token)
                        .WaitAsync(_options.MetadataTimeout, _time, ct);
                    _fetchedAt = now;
                    _failure = null;
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    await abandon.CancelAsync();
                    // Unreachable, refused, hanging past the timeout, or not the metadata: the same for the caller.
                    var reason = e is TimeoutException
                        ? $"{_options.OpenIdMetadataUrl} did not answer within {_options.MetadataTimeout.TotalSeconds:0} s"
                        : $"{_options.OpenIdMetadataUrl}: {Innermost(e).Message}";
                    _failure = new KeyRefreshFailure(reason, now, _config is null ? null : _fetchedAt);
                }
            }
            return _config;
        }
        finally
        {
            _fetching.Release();
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

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
