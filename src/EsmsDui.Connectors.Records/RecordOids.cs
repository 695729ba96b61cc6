using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace EsmsDui.Connectors.Records;

/// <summary>
/// OIDs the connector makes without a registered branch: <c>2.25.</c> followed by a 128-bit number (ISO/IEC 9834-8),
/// derived from what they name so that the same document version always gets the same uniqueId (the receiver
/// deduplicates on it).
/// </summary>
public static class RecordOids
{
    /// <summary>The OID of <paramref name="seed"/>.</summary>
    public static string Derived(string seed)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        return "2.25." + new BigInteger(hash.AsSpan(0, 16), isUnsigned: true, isBigEndian: true).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
