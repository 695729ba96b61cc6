using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EsmsDui.TestSupport;

/// <summary>A test certification authority and the server and client certificates it issues (mutual TLS on loopback).</summary>
public sealed class TestCertificates : IDisposable
{
    public TestCertificates(string folder)
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=EsmsDui Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Authority = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        Server = Issue("CN=localhost", serverAuth: true);
        Client = Issue("CN=EHPAD Les Tilleuls (test)", serverAuth: false);
        AuthorityPath = Path.Combine(folder, "test-ca.cer");
        File.WriteAllBytes(AuthorityPath, Authority.Export(X509ContentType.Cert));
        ClientPath = Path.Combine(folder, "client.p12");
        File.WriteAllBytes(ClientPath, Client.Export(X509ContentType.Pkcs12, ClientPassword));
        _folder = folder;
    }

    private readonly string _folder;

    /// <summary>
    /// A certificate of the structure's issued by the authority and saved as PKCS#12 (password <see cref="ClientPassword"/>):
    /// a signing one (digital signature, like IGC-Santé ORG SIGN) or a TLS client one, valid now or already expired.
    /// </summary>
    public (X509Certificate2 Certificate, string Path) IssueStructureCertificate(string name, bool signing, bool expired = false)
    {
        var certificate = Issue($"CN={name}, O=EHPAD Les Tilleuls, OU=1510000001", serverAuth: false, signing, expired ? DateTimeOffset.UtcNow.AddHours(-1) : null);
        var path = Path.Combine(_folder, name.Replace(' ', '-') + ".p12");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, ClientPassword));
        return (certificate, path);
    }

    /// <summary>A TLS client certificate from another, unknown authority, saved as PKCS#12.</summary>
    public string ForeignClientPath()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "foreign-" + Guid.NewGuid().ToString("N")[..6])).FullName;
        using var other = new TestCertificates(folder);
        return other.ClientPath;
    }

    public const string ClientPassword = "test";

    public X509Certificate2 Authority { get; }

    public X509Certificate2 Server { get; }

    public X509Certificate2 Client { get; }

    public string AuthorityPath { get; }

    public string ClientPath { get; }

    public bool IsIssuedByAuthority(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
        Client.Dispose();
    }

    private X509Certificate2 Issue(string subject, bool serverAuth, bool signing = false, DateTimeOffset? expiredAt = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(signing
            ? new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true)
            : new X509EnhancedKeyUsageExtension([new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        using var issued = request.Create(Authority, Authority.NotBefore.AddMinutes(1), expiredAt ?? Authority.NotAfter.AddDays(-1), RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(key);

        // Through PKCS#12, so that the key is usable by TLS on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
