using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CommPlan.Testing;

/// <summary>
/// Stands in for login.botframework.com on loopback: serves OpenID metadata and a key set (with endorsements, as the
/// Bot Framework publishes them), and signs tokens with its private keys. Counts requests so tests can see caching.
/// It can also be out of service (<see cref="Availability"/>): refusing connections, failing, or hanging.
/// </summary>
public sealed class LoopbackOpenIdServer : IAsyncDisposable
{
    /// <summary>How the server treats requests.</summary>
    public enum Service
    {
        Up,
        /// <summary>Connections are closed as soon as they are made: the client's request fails without an answer.</summary>
        Refusing,
        /// <summary>Every request is answered 503.</summary>
        Failing,
        /// <summary>Requests are held without an answer until the client gives up.</summary>
        Hanging,
    }

    private readonly WebApplication _app;
    private readonly List<(RsaSecurityKey Key, string[] Endorsements)> _published = [];
    private int _keyRequests;
    private int _heldRequests;
    private readonly CancellationTokenSource _stopping = new();

    private LoopbackOpenIdServer(WebApplication app) => _app = app;

    public string MetadataUrl => BaseUrl + "/v1/.well-known/openidconfiguration";
    public string BaseUrl { get; private set; } = "";
    public int KeyRequests => _keyRequests;

    public Service Availability { get; set; } = Service.Up;

    /// <summary>Requests held so far while <see cref="Service.Hanging"/>.</summary>
    public int HeldRequests => _heldRequests;

    public static async Task<LoopbackOpenIdServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        LoopbackOpenIdServer? server = null;
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Use(next => connection =>
        {
            if (server?.Availability != Service.Refusing) return next(connection);
            connection.Abort();
            return Task.CompletedTask;
        })));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        server = new LoopbackOpenIdServer(app);
        app.Use(async (http, next) =>
        {
            switch (server.Availability)
            {
                case Service.Refusing:
                    // A connection kept alive from before: drop it too.
                    http.Abort();
                    return;
                case Service.Failing:
                    http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    return;
                case Service.Hanging:
                    Interlocked.Increment(ref server._heldRequests);
                    using (var held = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, server._stopping.Token))
                    {
                        try
                        {
                            await Task.Delay(Timeout.Infinite, held.Token);
                        }
                        catch (OperationCanceledException)
                        {
                            // The client gave up, or the server stops.
                        }
                    }
                    http.Abort();
                    return;
                default:
                    await next(http);
                    return;
            }
        });
        app.MapGet("/v1/.well-known/openidconfiguration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = "https://api.botframework.com",
            ["authorization_endpoint"] = "https://invalid.botframework.com",
            ["jwks_uri"] = server.BaseUrl + "/v1/keys",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt" },
        }));
        app.MapGet("/v1/keys", () =>
        {
            Interlocked.Increment(ref server._keyRequests);
            lock (server._published)
            {
                return Results.Json(new { keys = server._published.Select(p => ToJwk(p.Key, p.Endorsements)).ToArray() });
            }
        });
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return server;
    }

    /// <summary>Creates a new signing key and publishes it with the given endorsements.</summary>
    public RsaSecurityKey PublishKey(params string[] endorsements)
    {
        var key = NewKey();
        lock (_published) _published.Add((key, endorsements));
        return key;
    }

    public static RsaSecurityKey NewKey() => new(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N") };

    public static string Sign(RsaSecurityKey key, string audience, string serviceUrl, DateTime now,
        string issuer = "https://api.botframework.com", TimeSpan? lifetime = null, string algorithm = SecurityAlgorithms.RsaSha256)
    {
        var notBefore = now.AddMinutes(-1);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            NotBefore = notBefore,
            IssuedAt = notBefore,
            Expires = now + (lifetime ?? TimeSpan.FromHours(1)),
            Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl, ["appid"] = "bot-connector" },
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
    }

    private static Dictionary<string, object> ToJwk(RsaSecurityKey key, string[] endorsements)
    {
        var p = key.Rsa.ExportParameters(false);
        return new Dictionary<string, object>
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = key.KeyId,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent),
            ["endorsements"] = endorsements,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
