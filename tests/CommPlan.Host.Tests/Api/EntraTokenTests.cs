using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CommPlan.Host.Tests.Hosting;
using CommPlan.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CommPlan.Host.Tests.Api;

/// <summary>
/// The host process with Microsoft 365 settings whose Entra ID instance is the loopback token server (HTTPS, trusted
/// through SSL_CERT_FILE as the real one is through the system's roots): it fetches the tenant's metadata and keys
/// from there, as it would from login.microsoftonline.com, and validates the tab's tokens with them.
/// </summary>
public sealed class EntraHost : IAsyncLifetime
{
    public const string Tenant = "11111111-2222-3333-4444-555555555555";
    public const string ClientId = "66666666-7777-8888-9999-000000000000";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("commplan-entra-");
    private HostProcess _host = null!;

    public LoopbackTokenServer Entra { get; private set; } = null!;
    public RsaSecurityKey Key { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Entra = await LoopbackTokenServer.StartAsync(ClientId, "unused");
        Key = Entra.PublishSigningKey();
        var trust = Entra.WriteTrustFile(_folder.FullName);
        var serving = await HostProcess.StartServingAsync(port => new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["AzureAd__Instance"] = Entra.BaseUrl + "/",
            ["AzureAd__TenantId"] = Tenant,
            ["AzureAd__ClientId"] = ClientId,
            ["SSL_CERT_FILE"] = trust,
        });
        (_host, Http) = (serving.Host, serving.Client);
    }

    /// <summary>What the host printed, to explain a failure.</summary>
    public string Printed => $"stdout:\n{_host.Output}\nstderr:\n{_host.Error}";

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await _host.DisposeAsync();
        await Entra.DisposeAsync();
        _folder.Delete(recursive: true);
    }
}

/// <summary>Access tokens for the app's API as Entra ID issues them, and every way one can be wrong.</summary>
public sealed class EntraTokenTests(EntraHost host) : IClassFixture<EntraHost>
{
    private const string OtherTenant = "99999999-8888-7777-6666-555555555555";

    /// <summary>The claims of a v2.0 access token Entra ID issues to the Teams tab for the app's API.</summary>
    private Dictionary<string, object> V2Claims(string? tenant = null) => new()
    {
        ["aud"] = EntraHost.ClientId,
        ["iss"] = host.Entra.Issuer(tenant ?? EntraHost.Tenant),
        ["tid"] = tenant ?? EntraHost.Tenant,
        ["oid"] = "6f1c7a52-0d3e-4c8e-9a41-2b7d3e5a1c01",
        ["sub"] = "gk0mZ5Vd3bWJp8rPz2f6s1Qx9yTn4LcA7uHeR0oKiMw",
        ["name"] = "Anna Lindqvist",
        ["preferred_username"] = "anna.lindqvist@pitea.se",
        ["azp"] = "5e3ce6c0-2b1f-4285-8d4b-75ee78787346",
        ["scp"] = "access_as_user",
        ["ver"] = "2.0",
    };

    private string Sign(Dictionary<string, object> claims, SecurityKey? key = null, string algorithm = SecurityAlgorithms.RsaSha256,
        DateTime? notBefore = null, DateTime? expires = null)
    {
        var now = DateTime.UtcNow;
        var from = notBefore ?? now.AddMinutes(-5);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            NotBefore = from,
            IssuedAt = from,
            Expires = expires ?? now.AddHours(1),
            SigningCredentials = new SigningCredentials(key ?? host.Key, algorithm),
        });
    }

    private async Task<HttpResponseMessage> GetPlansAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/plans");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await host.Http.SendAsync(request);
    }

    /// <summary>The page's exchange of a Teams SSO token for a session, as the sign-in script posts it.</summary>
    private async Task<HttpResponseMessage> ExchangeAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/teams-sso");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await host.Http.SendAsync(request);
    }

    /// <summary>
    /// At both doors a token is taken by the same validation: at the API, and where a page exchanges it for a session.
    /// Each answers 401 with the bearer challenge naming why (JwtBearer's error_description), never 500, and no session.
    /// </summary>
    private async Task AssertRefusedAsync(string token, string reason)
    {
        foreach (var (door, response) in new[] { ("API", await GetPlansAsync(token)), ("session exchange", await ExchangeAsync(token)) })
        {
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized,
                $"Expected 401 at the {door}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{host.Printed}");
            var challenge = Assert.Single(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
            Assert.Contains("error=\"invalid_token\"", challenge.Parameter);
            Assert.Contains(reason, challenge.Parameter);
            Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("CommPlan.Session", StringComparison.Ordinal)),
                $"The {door} set a session for a refused token.");
        }
    }

    private static string Encode(object part) => Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(part));

    [Fact]
    public async Task A_v2_token_for_the_client_id_from_the_configured_tenant_reads_the_plans()
    {
        var response = await GetPlansAsync(Sign(V2Claims()));

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{host.Printed}");
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.ValueKind);
    }

    [Fact]
    public async Task A_v2_token_for_the_client_id_from_the_configured_tenant_gives_a_page_session()
    {
        var response = await ExchangeAsync(Sign(V2Claims()));

        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"Expected 204, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{host.Printed}");
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("CommPlan.Session=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_v1_token_for_the_app_id_uri_from_the_configured_tenant_reads_the_plans()
    {
        var claims = V2Claims();
        claims["aud"] = $"api://{EntraHost.ClientId}";
        claims["iss"] = $"https://sts.windows.net/{EntraHost.Tenant}/";
        claims["ver"] = "1.0";
        claims["appid"] = claims["azp"];
        claims.Remove("azp");

        var response = await GetPlansAsync(Sign(claims));

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{host.Printed}");
    }

    [Fact]
    public async Task A_token_whose_claims_were_changed_after_signing_is_refused()
    {
        var parts = Sign(V2Claims()).Split('.');
        var claims = V2Claims();
        claims["oid"] = "00000000-0000-0000-0000-000000000001";

        await AssertRefusedAsync($"{parts[0]}.{Encode(claims)}.{parts[2]}", "The signature is invalid");
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var now = DateTime.UtcNow;

        await AssertRefusedAsync(Sign(V2Claims(), notBefore: now.AddHours(-2), expires: now.AddMinutes(-10)), "The token expired at");
    }

    [Fact]
    public async Task A_token_that_is_not_yet_valid_is_refused()
    {
        var now = DateTime.UtcNow;

        await AssertRefusedAsync(Sign(V2Claims(), notBefore: now.AddMinutes(10), expires: now.AddHours(1)), "The token is not valid before");
    }

    [Fact]
    public async Task A_token_for_another_api_is_refused()
    {
        var claims = V2Claims();
        claims["aud"] = "00000003-0000-0000-c000-000000000000";

        await AssertRefusedAsync(Sign(claims), "The audience");
    }

    [Fact]
    public async Task A_token_from_another_cloud_instance_is_refused()
    {
        var claims = V2Claims();
        claims["iss"] = $"https://login.microsoftonline.com/{EntraHost.Tenant}/v2.0";

        await AssertRefusedAsync(Sign(claims), "The issuer");
    }

    [Fact]
    public async Task A_token_from_another_tenant_is_refused()
    {
        await AssertRefusedAsync(Sign(V2Claims(OtherTenant)), "The issuer");
    }

    [Fact]
    public async Task An_unsigned_token_is_refused()
    {
        var header = new Dictionary<string, object> { ["alg"] = "none", ["typ"] = "JWT", ["kid"] = host.Key.KeyId! };
        var now = DateTimeOffset.UtcNow;
        var claims = V2Claims();
        claims["nbf"] = now.AddMinutes(-5).ToUnixTimeSeconds();
        claims["exp"] = now.AddHours(1).ToUnixTimeSeconds();

        await AssertRefusedAsync($"{Encode(header)}.{Encode(claims)}.", "The signature is invalid");
    }

    [Fact]
    public async Task A_token_signed_with_HS256_using_the_published_public_key_as_secret_is_refused()
    {
        // The classic confusion: the public key, as anyone can fetch it, used as an HMAC secret under the real key id.
        var secret = Encoding.UTF8.GetBytes(host.Key.Rsa.ExportSubjectPublicKeyInfoPem());
        var key = new SymmetricSecurityKey(secret) { KeyId = host.Key.KeyId };

        await AssertRefusedAsync(Sign(V2Claims(), key, SecurityAlgorithms.HmacSha256), "The signature is invalid");
    }

    [Fact]
    public async Task A_token_signed_with_a_key_Entra_does_not_publish_is_refused()
    {
        using var rsa = RSA.Create(2048);
        var unknown = new RsaSecurityKey(rsa) { KeyId = Guid.NewGuid().ToString("N") };

        await AssertRefusedAsync(Sign(V2Claims(), unknown), "The signature key was not found");
    }
}
