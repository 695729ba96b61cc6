using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace EsmsDui.Security;

/// <summary>
/// Certificate-bound access tokens (RFC 8705): OpenIddict writes the <c>cnf</c> claim of a token issued over mutual
/// TLS; this checks it where the token is used.
/// </summary>
internal static class CertificateBinding
{
    /// <summary>The confirmation claim.</summary>
    public const string Claim = "cnf";

    private const string Thumbprint = "x5t#S256";

    /// <summary>True when the token's <c>cnf</c> (JSON), if any, names <paramref name="certificate"/>.</summary>
    public static bool Matches(string? confirmation, X509Certificate2? certificate)
    {
        if (confirmation is null)
        {
            return true;
        }

        using var document = JsonDocument.Parse(confirmation);
        return certificate is not null
            && document.RootElement.TryGetProperty(Thumbprint, out var expected)
            && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(expected.GetString() ?? string.Empty), System.Text.Encoding.ASCII.GetBytes(ThumbprintOf(certificate)));
    }

    private static string ThumbprintOf(X509Certificate2 certificate) => Base64UrlEncoder.Encode(SHA256.HashData(certificate.RawData));
}
