using CommPlan.Storage.SharePoint;
using CommPlan.Storage.SharePoint.Graph;
using CommPlan.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Kiota.Abstractions.Authentication;

namespace CommPlan.Storage.Contract;

/// <summary>
/// App-only tokens for Graph with a certificate instead of a secret: against the loopback token endpoint, which checks
/// the client assertion as Entra ID does, and the settings' checks at start.
/// </summary>
public sealed class GraphCertificateCredentialTests : IAsyncLifetime
{
    private const string Password = "pfx-pässword";
    private GraphEnvironment _env = null!;
    private DirectoryInfo _files = null!;

    public async Task InitializeAsync()
    {
        _env = await GraphEnvironment.StartAsync();
        _files = Directory.CreateTempSubdirectory("commplan-cert-");
    }

    public async Task DisposeAsync()
    {
        await _env.DisposeAsync();
        _files.Delete(recursive: true);
    }

    private SharePointOptions WithCertificate(string path, string? password = null)
    {
        var options = _env.Options;
        options.ClientSecret = null;
        options.ClientCertificatePath = path;
        options.ClientCertificatePassword = password;
        return options;
    }

    private static InvalidOperationException StartFails(SharePointOptions options) =>
        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddSharePointStorage(options));

    [Fact]
    public async Task A_registered_certificate_in_a_pfx_with_password_gets_a_token_and_Graph_calls_go_through()
    {
        using var certificate = TestCertificates.Create();
        _env.Tokens.TrustClientCertificate(certificate);
        var app = await _env.CreateAppAsync(WithCertificate(TestCertificates.WritePfx(certificate, _files, Password), Password));

        var report = await GraphEnvironment.ProvisionAsync(app);

        Assert.True(report.Succeeded, string.Join("; ", report.Failures));
        Assert.Equal(1, _env.Tokens.TokenRequests);
        var assertion = _env.Tokens.LastClientAssertion!;
        Assert.Equal(_env.Tokens.ClientId, assertion.Issuer);
        // The certificate travels in the assertion, as subject name + issuer authentication needs.
        Assert.Contains("\"x5c\"", Base64UrlEncoder.Decode(assertion.EncodedHeader));
    }

    [Fact]
    public async Task A_pem_file_with_the_certificate_and_its_key_gets_a_token()
    {
        using var certificate = TestCertificates.Create();
        _env.Tokens.TrustClientCertificate(certificate);
        var tokens = (await _env.CreateAppAsync(WithCertificate(TestCertificates.WritePem(certificate, _files)))).GetRequiredService<IAccessTokenProvider>();

        var token = await tokens.GetAuthorizationTokenAsync(new Uri(_env.Graph.GraphBaseUrl));

        Assert.True(_env.Tokens.Issued(token));
    }

    [Fact]
    public async Task A_pem_file_with_an_encrypted_key_is_opened_with_the_password()
    {
        using var certificate = TestCertificates.Create();
        _env.Tokens.TrustClientCertificate(certificate);
        var tokens = (await _env.CreateAppAsync(WithCertificate(TestCertificates.WritePem(certificate, _files, Password), Password)))
            .GetRequiredService<IAccessTokenProvider>();

        var token = await tokens.GetAuthorizationTokenAsync(new Uri(_env.Graph.GraphBaseUrl));

        Assert.True(_env.Tokens.Issued(token));
    }

    [Fact]
    public async Task A_certificate_the_app_registration_does_not_know_is_refused_naming_the_setting_and_the_certificate()
    {
        using var registered = TestCertificates.Create();
        using var other = TestCertificates.Create("CN=Somebody else");
        _env.Tokens.TrustClientCertificate(registered);
        var tokens = (await _env.CreateAppAsync(WithCertificate(TestCertificates.WritePfx(other, _files, null)))).GetRequiredService<IAccessTokenProvider>();

        var e = await Assert.ThrowsAsync<GraphAuthenticationException>(() => tokens.GetAuthorizationTokenAsync(new Uri(_env.Graph.GraphBaseUrl)));

        Assert.Contains("invalid_client", e.Message);
        Assert.Contains("AADSTS700027", e.Message);
        Assert.Contains("SharePoint:ClientCertificatePath", e.Message);
        Assert.Contains(other.Thumbprint, e.Message);
        Assert.DoesNotContain("SharePoint:ClientSecret", e.Message);
        Assert.Null(_env.Tokens.LastClientAssertion);
    }

    [Fact]
    public void No_credential_names_the_three_settings_to_choose_from()
    {
        var options = _env.Options;
        options.ClientSecret = null;

        var e = StartFails(options);

        Assert.Contains("SharePoint:ClientSecret, SharePoint:ClientCertificatePath or SharePoint:ClientCertificateThumbprint", e.Message);
    }

    [Fact]
    public void A_secret_and_a_certificate_together_are_refused_naming_both()
    {
        var options = _env.Options;
        options.ClientCertificateThumbprint = new string('A', 40);

        var e = StartFails(options);

        Assert.Contains("SharePoint:ClientSecret and SharePoint:ClientCertificateThumbprint are both set", e.Message);
    }

    [Fact]
    public void A_missing_certificate_file_names_the_setting_and_the_path()
    {
        var path = Path.Combine(_files.FullName, "missing.pfx");

        var e = StartFails(WithCertificate(path));

        Assert.StartsWith("SharePoint:ClientCertificatePath:", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void A_wrong_pfx_password_names_the_password_setting()
    {
        using var certificate = TestCertificates.Create();

        var e = StartFails(WithCertificate(TestCertificates.WritePfx(certificate, _files, Password), "wrong"));

        Assert.StartsWith("SharePoint:ClientCertificatePath:", e.Message);
        Assert.Contains("SharePoint:ClientCertificatePassword", e.Message);
    }

    [Fact]
    public void A_certificate_without_its_private_key_is_refused()
    {
        using var certificate = TestCertificates.Create();
        var cer = TestCertificates.WriteCer(certificate, _files);
        var pem = Path.Combine(_files.FullName, "public.pem");
        File.WriteAllText(pem, certificate.ExportCertificatePem());

        var fromCer = StartFails(WithCertificate(cer));
        var fromPem = StartFails(WithCertificate(pem));

        Assert.Contains("without its private key", fromCer.Message);
        Assert.Contains("without its private key", fromPem.Message);
    }

    [Fact]
    public void An_expired_certificate_is_refused_with_its_expiry()
    {
        using var certificate = TestCertificates.Create(notBefore: DateTimeOffset.UtcNow.AddYears(-2), notAfter: DateTimeOffset.UtcNow.AddDays(-1));

        var e = StartFails(WithCertificate(TestCertificates.WritePfx(certificate, _files, null)));

        Assert.StartsWith("SharePoint:ClientCertificatePath:", e.Message);
        Assert.Contains($"expired on {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}", e.Message);
    }

    [Fact]
    public void A_thumbprint_not_in_the_store_says_where_it_looked()
    {
        using var certificate = TestCertificates.Create();
        var options = _env.Options;
        options.ClientSecret = null;
        // As copied from the Windows certificate dialog: spaced, behind an invisible left-to-right mark.
        options.ClientCertificateThumbprint = "\u200e" + string.Join(' ', certificate.Thumbprint.Chunk(2).Select(c => new string(c)));

        var e = StartFails(options);

        Assert.StartsWith("SharePoint:ClientCertificateThumbprint:", e.Message);
        Assert.Contains(certificate.Thumbprint, e.Message);
        Assert.Contains(@"CurrentUser\My or LocalMachine\My", e.Message);
    }
}
