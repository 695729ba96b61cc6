using System.Globalization;
using System.Xml.Linq;
using EsmsDui.Connectors.Documents.Xds;

namespace EsmsDui.Connectors.Documents.Cda;

/// <summary>
/// What the XDS metadata of a CDA document is taken from: its header (id, code, title, times, confidentiality,
/// author, custodian, legal authenticator, service event, the establishment's sector) and whether it is an IHE XDS-SD
/// with a PDF body. Read from a header that follows <see cref="CdaHeaderRules"/>.
/// </summary>
/// <param name="UniqueId">The document's id as an XDS uniqueId (root, or root^extension).</param>
/// <param name="Type">Its code.</param>
/// <param name="Title">Its title.</param>
/// <param name="EffectiveTime">When it was made.</param>
/// <param name="Confidentiality">Its confidentiality.</param>
/// <param name="Author">Its first author.</param>
/// <param name="AuthorOrganization">The author's organisation, if given.</param>
/// <param name="Custodian">Its custodian.</param>
/// <param name="LegalAuthenticator">Who answers for it.</param>
/// <param name="ServiceStart">When the care reported started.</param>
/// <param name="ServiceStop">When it ended.</param>
/// <param name="HealthcareFacilityType">The establishment's sector, if given.</param>
/// <param name="Pdf">The PDF of an XDS-SD body, or null (a structured document).</param>
public sealed record CdaHeaderFacts(
    string UniqueId,
    XdsCode Type,
    string Title,
    DateTimeOffset EffectiveTime,
    XdsCode Confidentiality,
    CdaProfessional Author,
    CdaOrganization? AuthorOrganization,
    CdaOrganization Custodian,
    CdaProfessional LegalAuthenticator,
    DateTimeOffset ServiceStart,
    DateTimeOffset? ServiceStop,
    XdsCode? HealthcareFacilityType,
    byte[]? Pdf)
{
    private static readonly XNamespace V3 = CdaN1Document.V3;

    /// <summary>The facts of <paramref name="cda"/>; <see cref="DocumentFormatException"/> when its header breaks the rules.</summary>
    public static CdaHeaderFacts Read(XDocument cda)
    {
        ArgumentNullException.ThrowIfNull(cda);
        if (CdaHeaderRules.Check(cda) is { Count: > 0 } problems)
        {
            throw new DocumentFormatException("the CDA header breaks the CI-SIS rules: " + string.Join("; ", problems));
        }

        var root = cda.Root!;
        var id = root.Element(V3 + "id")!;
        var assigned = root.Element(V3 + "author")!.Element(V3 + "assignedAuthor")!;
        var legal = root.Element(V3 + "legalAuthenticator")!.Element(V3 + "assignedEntity")!;
        var service = root.Element(V3 + "documentationOf")!.Element(V3 + "serviceEvent")!.Element(V3 + "effectiveTime")!;
        var facility = root.Element(V3 + "componentOf")?.Element(V3 + "encompassingEncounter")?.Element(V3 + "location")?.Element(V3 + "healthCareFacility")?.Element(V3 + "code");
        return new CdaHeaderFacts(
            (string?)id.Attribute("extension") is { Length: > 0 } extension ? $"{(string)id.Attribute("root")!}^{extension}" : (string)id.Attribute("root")!,
            Code(root.Element(V3 + "code"))!,
            root.Element(V3 + "title")?.Value ?? string.Empty,
            Time(root.Element(V3 + "effectiveTime"))!.Value,
            Code(root.Element(V3 + "confidentialityCode"))!,
            Professional(assigned, "assignedPerson"),
            Organization(assigned.Element(V3 + "representedOrganization")),
            Organization(root.Element(V3 + "custodian")!.Element(V3 + "assignedCustodian")!.Element(V3 + "representedCustodianOrganization"))!,
            Professional(legal, "assignedPerson"),
            Time(service.Element(V3 + "low"))!.Value,
            Time(service.Element(V3 + "high")),
            Code(facility),
            CdaN1Document.EmbeddedPdf(cda));
    }

    private static CdaProfessional Professional(XElement assigned, string person)
    {
        var name = assigned.Element(V3 + person)?.Element(V3 + "name");
        var id = assigned.Element(V3 + "id");
        return new CdaProfessional(
            (string?)id?.Attribute("extension") ?? (string)id!.Attribute("root")!,
            name?.Element(V3 + "family")?.Value ?? string.Empty,
            name?.Element(V3 + "given")?.Value,
            Code(assigned.Element(V3 + "code")));
    }

    private static CdaOrganization? Organization(XElement? organization) =>
        organization?.Element(V3 + "id") is { } id
            ? new CdaOrganization((string?)id.Attribute("extension") ?? (string)id.Attribute("root")!, organization.Element(V3 + "name")?.Value ?? string.Empty)
            : null;

    private static XdsCode? Code(XElement? code) =>
        (string?)code?.Attribute("code") is { Length: > 0 } value
            ? new XdsCode(value, (string?)code!.Attribute("codeSystem") ?? string.Empty, (string?)code.Attribute("displayName") ?? value)
            : null;

    // yyyyMMdd[HHmm[ss]][+zzzz]: the rules make the header's times full time stamps with their offset.
    private static DateTimeOffset? Time(XElement? element)
    {
        var value = (string?)element?.Attribute("value");
        if (value is null || value.Length < 8)
        {
            return null;
        }

        var sign = value.IndexOfAny(['+', '-']);
        var digits = (sign < 0 ? value : value[..sign]).PadRight(14, '0')[..14];
        var zone = sign < 0 ? "0000" : value[(sign + 1)..];
        if (!DateTime.TryParseExact(digits, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            || zone.Length != 4 || !int.TryParse(zone[..2], CultureInfo.InvariantCulture, out var hours) || !int.TryParse(zone[2..], CultureInfo.InvariantCulture, out var minutes))
        {
            return null;
        }

        var offset = new TimeSpan(hours, minutes, 0);
        return new DateTimeOffset(local, sign >= 0 && value[sign] == '-' ? -offset : offset);
    }
}
