using System.Globalization;

namespace EsmsDui.Connectors.Documents.Xds;

/// <summary>The HL7 v2 data types XDS metadata is written in (CX, XCN, XON, DTM), with the French national ids.</summary>
public static class Hl7V2
{
    /// <summary>OID of the INS as a NIR (matricule INS).</summary>
    public const string InsNirOid = "1.2.250.1.213.1.4.8";

    /// <summary>OID of the INS as a NIA (temporary number).</summary>
    public const string InsNiaOid = "1.2.250.1.213.1.4.9";

    /// <summary>OID of the national ids of health professionals (idNatPs: 8 + RPPS).</summary>
    public const string IdNatPsOid = "1.2.250.1.71.4.2.1";

    /// <summary>OID of the national ids of structures (idNatStruct: 1 + FINESS, 3 + SIRET…).</summary>
    public const string IdNatStructOid = "1.2.250.1.71.4.2.2";

    /// <summary>An id in an assigning authority (CX): <c>id^^^&amp;oid&amp;ISO^type</c>.</summary>
    public static string Cx(string id, string authorityOid, string type) => $"{Escape(id)}^^^&{authorityOid}&ISO^{type}";

    /// <summary>The INS of a usager (CX with type NH).</summary>
    public static string Ins(string matricule, string oid = InsNirOid) => Cx(matricule, oid, "NH");

    /// <summary>A person (XCN): id, family and given names, the id's authority and type.</summary>
    public static string Xcn(string id, string family, string? given, string authorityOid, string idType) =>
        $"{Escape(id)}^{Escape(family)}^{Escape(given ?? string.Empty)}^^^^^^&{authorityOid}&ISO^D^^^{idType}";

    /// <summary>A professional by idNatPs (XCN with type IDNPS).</summary>
    public static string Professional(string idNatPs, string family, string? given) => Xcn(idNatPs, family, given, IdNatPsOid, "IDNPS");

    /// <summary>An organisation (XON): name, and its idNatStruct.</summary>
    public static string Xon(string name, string idNatStruct) => $"{Escape(name)}^^^^^&{IdNatStructOid}&ISO^IDNST^^^{Escape(idNatStruct)}";

    /// <summary>A date-time (DTM) in UTC to the second, as XDS asks.</summary>
    public static string Dtm(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    /// <summary>Reads a DTM of 4 to 14 digits (UTC); null when it is not one.</summary>
    public static DateTimeOffset? ParseDtm(string? text)
    {
        if (text is null || text.Length is < 4 or > 14 || text.Length % 2 != 0 || !text.All(char.IsAsciiDigit))
        {
            return null;
        }

        var full = text + "0101000000"[(text.Length - 4)..];
        return DateTimeOffset.TryParseExact(full, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
    }

    /// <summary>The id and the authority OID of a CX value, or null when it is not one.</summary>
    public static (string Id, string Authority)? ParseCx(string? cx)
    {
        var parts = (cx ?? string.Empty).Split('^');
        if (parts.Length < 4 || parts[0].Length == 0)
        {
            return null;
        }

        var authority = parts[3].Split('&');
        return authority.Length == 3 && authority[2] == "ISO" && authority[1].Length > 0 ? (parts[0], authority[1]) : null;
    }

    // The HL7 v2 separators cannot appear in values: they become spaces (names and ids never need them).
    private static string Escape(string value) => string.Concat(value.Select(c => c is '^' or '&' or '|' or '~' or '\\' ? ' ' : c));
}
