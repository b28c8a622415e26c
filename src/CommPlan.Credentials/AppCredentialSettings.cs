using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CommPlan.Credentials;

/// <summary>
/// The credential settings of one configuration section: a secret (<see cref="SecretSetting"/>), or a certificate
/// from a file ({<see cref="CertificateSetting"/>}Path, with {…}Password) or from the certificate store by
/// thumbprint ({…}Thumbprint). Exactly one of the three. A class, not a record: its text must not show the secrets.
/// </summary>
/// <param name="secretSetting">e.g. SharePoint:ClientSecret</param>
/// <param name="certificateSetting">the prefix of the certificate settings, e.g. SharePoint:ClientCertificate</param>
public sealed class AppCredentialSettings(string secretSetting, string certificateSetting)
{
    public string SecretSetting { get; } = secretSetting;
    public string CertificateSetting { get; } = certificateSetting;
    public string? Secret { get; init; }
    public string? CertificatePath { get; init; }
    public string? CertificatePassword { get; init; }
    public string? CertificateThumbprint { get; init; }

    public string PathSetting => CertificateSetting + "Path";
    public string PasswordSetting => CertificateSetting + "Password";
    public string ThumbprintSetting => CertificateSetting + "Thumbprint";

    /// <summary>The settings to choose from when none is set, for a list of missing settings; null when one is.</summary>
    public string? Missing => Given().Count == 0 ? $"{SecretSetting}, {PathSetting} or {ThumbprintSetting}" : null;

    /// <summary>What contradicts itself (two credentials, a password without a file), as a sentence; null when nothing does.</summary>
    public string? Conflict
    {
        get
        {
            var given = Given();
            if (given.Count > 1)
                return $"{string.Join(" and ", given)} are {(given.Count == 2 ? "both" : "all")} set, but the app uses exactly one credential: keep one.";
            if (Set(CertificatePassword) && !Set(CertificatePath))
                return $"{PasswordSetting} is set without {PathSetting}: the password is for a certificate file.";
            return null;
        }
    }

    /// <summary>
    /// The secret, or the certificate loaded and checked (private key, validity) now, so that a certificate that cannot
    /// be used stops the start with a message naming the setting and the reason rather than failing the first request.
    /// </summary>
    public AppCredential Load(TimeProvider clock)
    {
        if (Missing is { } missing) throw new InvalidOperationException($"No app credential is set: set {missing}.");
        if (Conflict is { } conflict) throw new InvalidOperationException(conflict);
        if (Set(Secret)) return AppCredential.FromSecret(SecretSetting, Secret!);
        var (setting, certificate) = Set(CertificatePath)
            ? (PathSetting, FromFile(CertificatePath!.Trim()))
            : (ThumbprintSetting, FromStore(CertificateThumbprint!));
        try
        {
            Check(setting, certificate, clock.GetUtcNow());
            return AppCredential.FromCertificate(setting, certificate);
        }
        catch
        {
            certificate.Dispose();
            throw;
        }
    }

    private X509Certificate2 FromFile(string path)
    {
        if (!File.Exists(path)) throw Fail(PathSetting, $"there is no file {Path.GetFullPath(path)}.");
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Fail(PathSetting, $"{path} cannot be read: {e.Message}", e);
        }
        return Encoding.ASCII.GetString(content).Contains("-----BEGIN ", StringComparison.Ordinal) ? FromPem(path, content) : FromPkcs12(path, content);
    }

    private X509Certificate2 FromPkcs12(string path, byte[] content)
    {
        switch (X509Certificate2.GetCertContentType(content))
        {
            case X509ContentType.Pkcs12:
                try
                {
                    return X509CertificateLoader.LoadPkcs12(content, Set(CertificatePassword) ? CertificatePassword : null, KeyStorage);
                }
                catch (CryptographicException e)
                {
                    throw Fail(PathSetting, Set(CertificatePassword)
                        ? $"{path} cannot be opened with the password in {PasswordSetting} ({e.Message})."
                        : $"{path} cannot be opened without a password: set {PasswordSetting} ({e.Message}).", e);
                }
            case X509ContentType.Cert:
                throw Fail(PathSetting, $"{path} holds a certificate without its private key (a .cer): give the .pfx or .pem that has the key; the .cer is what the app registration gets.");
            default:
                throw Fail(PathSetting, $"{path} is neither a PKCS#12 (.pfx) file nor a PEM file with a certificate and its private key.");
        }
    }

    private X509Certificate2 FromPem(string path, byte[] content)
    {
        var text = Encoding.ASCII.GetString(content);
        if (!text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            throw Fail(PathSetting, $"{path} holds no certificate (no BEGIN CERTIFICATE block).");
        var encrypted = text.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal);
        if (!encrypted && !text.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
            throw Fail(PathSetting, $"{path} holds a certificate without its private key: add the key to the file, or give the .pfx.");
        if (encrypted && !Set(CertificatePassword))
            throw Fail(PathSetting, $"the private key in {path} is encrypted: set {PasswordSetting}.");
        try
        {
            return encrypted ? X509Certificate2.CreateFromEncryptedPemFile(path, CertificatePassword) : X509Certificate2.CreateFromPemFile(path);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw Fail(PathSetting, encrypted
                ? $"the private key in {path} cannot be decrypted with the password in {PasswordSetting} ({e.Message})."
                : $"{path} cannot be read as a certificate with its private key ({e.Message}).", e);
        }
    }

    private X509Certificate2 FromStore(string thumbprint)
    {
        // A thumbprint copied from the Windows certificate dialog carries spaces and an invisible left-to-right mark.
        var wanted = new string(thumbprint.Where(char.IsAsciiHexDigit).ToArray()).ToUpperInvariant();
        if (wanted.Length != 40) throw Fail(ThumbprintSetting, $"'{thumbprint}' is not a SHA-1 thumbprint (40 hexadecimal digits).");
        foreach (var location in (StoreLocation[])[StoreLocation.CurrentUser, StoreLocation.LocalMachine])
        {
            try
            {
                using var store = new X509Store(StoreName.My, location, OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
                var found = store.Certificates.Find(X509FindType.FindByThumbprint, wanted, validOnly: false);
                // The store hands out copies: keep the first, let the rest go.
                for (var i = 1; i < found.Count; i++) found[i].Dispose();
                if (found.Count > 0) return found[0];
            }
            catch (CryptographicException)
            {
                // The store does not exist here (LocalMachine\My on Linux and macOS): look in the next.
            }
        }
        throw Fail(ThumbprintSetting, $"no certificate with thumbprint {wanted} in CurrentUser\\My or LocalMachine\\My (on Azure App Service, add it to the app and list it in WEBSITE_LOAD_CERTIFICATES).");
    }

    private static void Check(string setting, X509Certificate2 certificate, DateTimeOffset now)
    {
        var name = $"the certificate {certificate.Subject} ({certificate.Thumbprint})";
        if (!certificate.HasPrivateKey)
            throw Fail(setting, $"{name} has no private key here: import it with its key, or give the .pfx.");
        using (var rsa = certificate.GetRSAPrivateKey())
        {
            if (rsa is null) throw Fail(setting, $"{name} has no RSA key; Entra ID client assertions are signed with RSA.");
        }
        if (certificate.NotAfter.ToUniversalTime() <= now.UtcDateTime)
            throw Fail(setting, $"{name} expired on {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC: make a new one and upload its .cer to the app registration.");
        if (certificate.NotBefore.ToUniversalTime() > now.UtcDateTime)
            throw Fail(setting, $"{name} is not valid before {certificate.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm} UTC.");
    }

    // Keys from a file live in memory only, not in the user profile (which Azure App Service does not load by default);
    // macOS has no ephemeral keys.
    private static X509KeyStorageFlags KeyStorage => OperatingSystem.IsMacOS() ? X509KeyStorageFlags.DefaultKeySet : X509KeyStorageFlags.EphemeralKeySet;

    private List<string> Given()
    {
        var given = new List<string>();
        if (Set(Secret)) given.Add(SecretSetting);
        if (Set(CertificatePath)) given.Add(PathSetting);
        if (Set(CertificateThumbprint)) given.Add(ThumbprintSetting);
        return given;
    }

    private static bool Set(string? value) => !string.IsNullOrWhiteSpace(value);

    private static InvalidOperationException Fail(string setting, string reason, Exception? inner = null) =>
        new($"{setting}: {reason}", inner);
}
