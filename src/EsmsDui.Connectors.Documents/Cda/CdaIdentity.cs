using System.Globalization;
using System.Xml.Linq;
using EsmsDui.Connectors.Documents.Xds;

namespace EsmsDui.Connectors.Documents.Cda;

/// <summary>
/// The usager a received CDA document is about, as its recordTarget says: the INS (when the document carries one
/// with its 4 traits) and the traits themselves, for matching against the usagers of the DUI.
/// </summary>
/// <param name="Ins">The matricule INS, when given with the 4 traits; null otherwise.</param>
/// <param name="InsOid">Its OID (NIR or NIA).</param>
/// <param name="BirthFamily">Birth name.</param>
/// <param name="BirthGivenNames">Birth given names (space-separated as written).</param>
/// <param name="Gender">F or M (null when not given).</param>
/// <param name="BirthDate">Birth date.</param>
public sealed record CdaIdentity(string? Ins, string? InsOid, string? BirthFamily, string? BirthGivenNames, string? Gender, DateOnly? BirthDate)
{
    /// <summary>The identity of the recordTarget of <paramref name="cda"/>.</summary>
    public static CdaIdentity Read(XDocument cda)
    {
        ArgumentNullException.ThrowIfNull(cda);
        var v3 = CdaN1Document.V3;
        var role = cda.Root?.Element(v3 + "recordTarget")?.Element(v3 + "patientRole");
        var patient = role?.Element(v3 + "patient");
        var name = patient?.Element(v3 + "name");
        var family = name?.Elements(v3 + "family").FirstOrDefault(f => (string?)f.Attribute("qualifier") == "BR")?.Value;
        // The CI-SIS writes all birth given names unqualified and the first one BR; older documents wrote them all BR.
        var given = name?.Elements(v3 + "given").FirstOrDefault(g => g.Attribute("qualifier") is null)?.Value
            ?? name?.Elements(v3 + "given").FirstOrDefault(g => (string?)g.Attribute("qualifier") == "BR")?.Value;
        var code = (string?)patient?.Element(v3 + "administrativeGenderCode")?.Attribute("code");
        var gender = code is "F" or "M" ? code : null;
        var born = DateOnly.TryParseExact((string?)patient?.Element(v3 + "birthTime")?.Attribute("value"), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null;
        var ins = role?.Elements(v3 + "id").FirstOrDefault(i => (string?)i.Attribute("root") is Hl7V2.InsNirOid or Hl7V2.InsNiaOid);
        var complete = family is { Length: > 0 } && given is { Length: > 0 } && gender is not null && born is not null;
        return new CdaIdentity(
            complete ? (string?)ins?.Attribute("extension") : null,
            complete ? (string?)ins?.Attribute("root") : null,
            family, given, gender, born);
    }
}
