using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EsmsDui.Security;

/// <summary>
/// The certificates that sign and encrypt the tokens: read from the keys folder, made there (self-signed RSA 3072)
/// on first start, so tokens outlive a restart; nodes of one deployment share the folder.
/// </summary>
public static class TokenKeys
{
    /// <summary>The signing certificate file name.</summary>
    public const string SigningFile = "token-signing.pfx";

    /// <summary>The encryption certificate file name.</summary>
    public const string EncryptionFile = "token-encryption.pfx";

    /// <summary>The certificate in <paramref name="folder"/>/<paramref name="file"/>, made first when absent.</summary>
    public static X509Certificate2 LoadOrCreate(string folder, string file, X509KeyUsageFlags usage, string? password)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var path = Path.Combine(folder, file);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(folder);
            using var key = RSA.Create(3072);
            var request = new CertificateRequest($"CN=EsmsDui {Path.GetFileNameWithoutExtension(file)}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(5));
            var temporary = path + ".tmp";
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
