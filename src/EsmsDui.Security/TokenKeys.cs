using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EsmsDui.Storage;
using Microsoft.Extensions.Options;

namespace EsmsDui.Security;

/// <summary>
/// The certificates that sign and encrypt the tokens: read from the keys folder, made there (self-signed RSA 3072)
/// on first start, so tokens outlive a restart; nodes of one deployment share the folder. They are read when first
/// asked for (the options of OpenIddict and Data Protection), not while services are registered.
/// </summary>
public sealed class TokenKeys
{
    /// <summary>The signing certificate file name.</summary>
    public const string SigningFile = "token-signing.pfx";

    /// <summary>The encryption certificate file name.</summary>
    public const string EncryptionFile = "token-encryption.pfx";

    private readonly Lazy<(X509Certificate2 Signing, X509Certificate2 Encryption)?> _certificates;

    /// <summary>The keys of the configured folder (none while security is off: nothing is issued to anonymous callers).</summary>
    public TokenKeys(IOptions<SecurityOptions> security, IOptions<DatabaseOptions> database)
    {
        ArgumentNullException.ThrowIfNull(security);
        ArgumentNullException.ThrowIfNull(database);
        var options = security.Value;
        Folder = string.IsNullOrWhiteSpace(options.KeysFolder)
            ? Path.Combine(Path.GetFullPath(database.Value.DataFolder), "keys")
            : Path.GetFullPath(options.KeysFolder);
        _certificates = new(() => options.Enabled
            ? (LoadOrCreate(Folder, SigningFile, X509KeyUsageFlags.DigitalSignature, options.KeysPassword),
               LoadOrCreate(Folder, EncryptionFile, X509KeyUsageFlags.KeyEncipherment, options.KeysPassword))
            : null);
    }

    /// <summary>The folder the certificates (and the Data Protection keys) are kept in.</summary>
    public string Folder { get; }

    /// <summary>The signing and encryption certificates; null while security is off (keys for the life of the process are enough).</summary>
    public (X509Certificate2 Signing, X509Certificate2 Encryption)? Certificates => _certificates.Value;

    private static X509Certificate2 LoadOrCreate(string folder, string file, X509KeyUsageFlags usage, string? password)
    {
        var path = Path.Combine(folder, file);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(folder);
            using var key = RSA.Create(3072);
            var request = new CertificateRequest($"CN=EsmsDui {Path.GetFileNameWithoutExtension(file)}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(5));
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(temporary, certificate.Export(X509ContentType.Pkcs12, password));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            // Two nodes starting together: the first file in place wins, the other's is dropped.
            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }

        return X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
    }
}
