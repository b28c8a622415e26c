using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CommPlan.Testing;

/// <summary>App certificates made for a test (RSA 2048, self-signed) and the files an administrator would hand the app.</summary>
public static class TestCertificates
{
    public static X509Certificate2 Create(string subject = "CN=CommPlan test app", DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(notBefore ?? DateTimeOffset.UtcNow.AddMinutes(-5), notAfter ?? DateTimeOffset.UtcNow.AddYears(1));
    }

    /// <summary>A PKCS#12 file with the certificate and its private key.</summary>
    public static string WritePfx(X509Certificate2 certificate, DirectoryInfo folder, string? password) =>
        Write(folder, "app.pfx", certificate.Export(X509ContentType.Pkcs12, password));

    /// <summary>A PEM file with the certificate and its private key (PKCS#8, encrypted when a password is given).</summary>
    public static string WritePem(X509Certificate2 certificate, DirectoryInfo folder, string? password = null)
    {
        using var key = certificate.GetRSAPrivateKey()!;
        var keyPem = password is null
            ? key.ExportPkcs8PrivateKeyPem()
            : key.ExportEncryptedPkcs8PrivateKeyPem(password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000));
        var path = Path.Combine(folder.FullName, "app.pem");
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n" + keyPem + "\n");
        return path;
    }

    /// <summary>The public certificate only (DER), what the app registration gets.</summary>
    public static string WriteCer(X509Certificate2 certificate, DirectoryInfo folder) =>
        Write(folder, "app.cer", certificate.Export(X509ContentType.Cert));

    private static string Write(DirectoryInfo folder, string name, byte[] content)
    {
        var path = Path.Combine(folder.FullName, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
