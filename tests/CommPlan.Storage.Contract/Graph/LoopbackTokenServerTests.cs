using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using CommPlan.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CommPlan.Storage.Contract.Graph;

/// <summary>
/// The loopback token endpoint checks a certificate's client assertion as Entra ID does, so a test that gets a token
/// with a certificate proves the assertion would pass there too. Seen through plain HTTP with hand-made assertions.
/// </summary>
public sealed class LoopbackTokenServerTests : IAsyncLifetime
{
    private const string ClientId = "commplan-app";
    private const string Tenant = "contoso";
    private LoopbackTokenServer _server = null!;
    private HttpClient _http = null!;
    private X509Certificate2 _registered = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackTokenServer.StartAsync(ClientId, "s3cret");
        _http = new HttpClient(_server.CreatePinnedHandler());
        _registered = TestCertificates.Create();
        _server.TrustClientCertificate(_registered);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        _registered.Dispose();
        await _server.DisposeAsync();
    }

    private string TokenEndpoint => $"{_server.Authority(Tenant)}/oauth2/v2.0/token";

    private SecurityTokenDescriptor Descriptor() => new()
    {
        Audience = TokenEndpoint,
        Issuer = ClientId,
        NotBefore = DateTime.UtcNow.AddSeconds(-5),
        Expires = DateTime.UtcNow.AddMinutes(10),
        Claims = new Dictionary<string, object> { ["sub"] = ClientId, ["jti"] = Guid.NewGuid().ToString() },
    };

    /// <summary>An assertion signed by <paramref name="signer"/>'s key whose x5t#S256 header names <paramref name="named"/>.</summary>
    private static string Assertion(SecurityTokenDescriptor descriptor, X509Certificate2 signer, X509Certificate2? named,
        string algorithm = SecurityAlgorithms.RsaSsaPssSha256)
    {
        descriptor.SigningCredentials = new SigningCredentials(new RsaSecurityKey(signer.GetRSAPrivateKey()), algorithm);
        if (named is not null)
            descriptor.AdditionalHeaderClaims = new Dictionary<string, object> { ["x5t#S256"] = Base64UrlEncoder.Encode(named.GetCertHash(HashAlgorithmName.SHA256)) };
        return Create(descriptor);
    }

    private static string Create(SecurityTokenDescriptor descriptor) => new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);

    private async Task<(HttpStatusCode Status, JsonNode Body)> RequestTokenAsync(string assertion)
    {
        using var response = await _http.PostAsync(TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = ClientId,
            ["scope"] = "https://graph.microsoft.com/.default",
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = assertion,
        }));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private async Task AssertRefusedAsync(string assertion, string code)
    {
        var (status, body) = await RequestTokenAsync(assertion);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", (string?)body["error"]);
        Assert.StartsWith($"AADSTS{code}:", (string?)body["error_description"]);
    }

    [Theory]
    [InlineData(SecurityAlgorithms.RsaSha256)]
    [InlineData(SecurityAlgorithms.RsaSsaPssSha256)]
    public async Task Issues_a_token_for_an_assertion_signed_by_the_registered_certificate(string algorithm)
    {
        var (status, body) = await RequestTokenAsync(Assertion(Descriptor(), _registered, _registered, algorithm));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(_server.Issued((string)body["access_token"]!));
    }

    [Fact]
    public async Task Knows_the_certificate_by_its_sha1_x5t_too()
    {
        // X509SigningCredentials puts the certificate's SHA-1 thumbprint in x5t, as older clients do.
        var descriptor = Descriptor();
        descriptor.SigningCredentials = new X509SigningCredentials(_registered, SecurityAlgorithms.RsaSha256);

        var (status, _) = await RequestTokenAsync(Create(descriptor));

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Refuses_a_certificate_that_is_not_registered()
    {
        using var other = TestCertificates.Create("CN=Somebody else");

        await AssertRefusedAsync(Assertion(Descriptor(), other, other), "700027");
    }

    [Fact]
    public async Task Refuses_an_assertion_that_names_no_certificate()
    {
        await AssertRefusedAsync(Assertion(Descriptor(), _registered, named: null), "700027");
    }

    [Fact]
    public async Task Refuses_another_key_posing_as_the_registered_certificate()
    {
        using var other = TestCertificates.Create("CN=Somebody else");

        await AssertRefusedAsync(Assertion(Descriptor(), other, _registered), "700027");
    }

    [Fact]
    public async Task Refuses_an_assertion_for_another_audience()
    {
        var descriptor = Descriptor();
        descriptor.Audience = "https://login.microsoftonline.com/contoso/oauth2/v2.0/token";

        await AssertRefusedAsync(Assertion(descriptor, _registered, _registered), "700023");
    }

    [Fact]
    public async Task Refuses_an_assertion_issued_by_or_about_another_client()
    {
        var byOther = Descriptor();
        byOther.Issuer = "another-app";
        var aboutOther = Descriptor();
        aboutOther.Claims["sub"] = "another-app";

        await AssertRefusedAsync(Assertion(byOther, _registered, _registered), "700021");
        await AssertRefusedAsync(Assertion(aboutOther, _registered, _registered), "700021");
    }

    [Fact]
    public async Task Refuses_an_expired_or_not_yet_valid_assertion()
    {
        var expired = Descriptor();
        expired.NotBefore = DateTime.UtcNow.AddMinutes(-20);
        expired.Expires = DateTime.UtcNow.AddMinutes(-10);
        var early = Descriptor();
        early.NotBefore = DateTime.UtcNow.AddMinutes(5);

        await AssertRefusedAsync(Assertion(expired, _registered, _registered), "700024");
        await AssertRefusedAsync(Assertion(early, _registered, _registered), "700024");
    }

    [Fact]
    public async Task Refuses_an_assertion_without_a_jti()
    {
        var descriptor = Descriptor();
        descriptor.Claims.Remove("jti");

        await AssertRefusedAsync(Assertion(descriptor, _registered, _registered), "700027");
    }
}
