using System.Globalization;
using System.Xml.Linq;
using EsmsDui.Connectors.Documents.Xds;

namespace EsmsDui.Connectors.Documents.Cda;

/// <summary>The small CDA R2 elements every writer of this folder builds documents from.</summary>
internal static class CdaElements
{
    public static readonly XNamespace V3 = "urn:hl7-org:v3";

    public static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    public const string Loinc = "2.16.840.1.113883.6.1";

    public static XElement Template(string root, string? extension = null) =>
        new(V3 + "templateId", new XAttribute("root", root), extension is null ? null : new XAttribute("extension", extension));

    public static XElement Id(string root, string? extension, string element = "id") =>
        new(V3 + element, new XAttribute("root", root), extension is null ? null : new XAttribute("extension", extension));

    /// <summary>An id of its own for an entry or a section (a UUID, as the CI-SIS examples do).</summary>
    public static XElement NewId() => new(V3 + "id", new XAttribute("root", Guid.NewGuid().ToString().ToUpperInvariant()));

    public static XElement Code(string element, XdsCode code) =>
        new(V3 + element, new XAttribute("code", code.Code), new XAttribute("codeSystem", code.Scheme), new XAttribute("displayName", code.Display));

    public static XElement Time(string element, DateTimeOffset time) => new(V3 + element, new XAttribute("value", CdaN1Document.Timestamp(time)));

    public static XElement Date(string element, DateOnly date) => new(V3 + element, new XAttribute("value", date.ToString("yyyyMMdd", CultureInfo.InvariantCulture)));

    public static XElement Null(string element, string flavor = "NA") => new(V3 + element, new XAttribute("nullFlavor", flavor));

    // A period of one instant is its low alone: the CI-SIS schematron (dtr1-6-IVL_TS) refuses low equal to high.
    public static XElement Period(DateTimeOffset start, DateTimeOffset? stop) =>
        new(V3 + "effectiveTime", Time("low", start), stop is { } end && end != start ? Time("high", end) : null);

    public static XElement Person(string element, CdaProfessional professional) =>
        new(V3 + element, new XElement(V3 + "name",
            new XElement(V3 + "family", professional.Family),
            professional.Given is { Length: > 0 } given ? new XElement(V3 + "given", given) : null));

    public static XElement Organization(string element, CdaOrganization organization) =>
        new(V3 + element, Id(Hl7V2.IdNatStructOid, organization.IdNatStruct), new XElement(V3 + "name", organization.Name),
            element == "representedOrganization" ? Code("standardIndustryClassCode", organization.PracticeSetting ?? CdaOrganization.Essms) : null);
}
