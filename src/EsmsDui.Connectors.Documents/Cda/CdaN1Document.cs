using System.Globalization;
using System.Xml.Linq;
using EsmsDui.Connectors.Documents.Xds;

namespace EsmsDui.Connectors.Documents.Cda;

/// <summary>
/// Writes a CDA R2 level 1 document embedding a PDF (IHE XDS-SD) with the CI-SIS header: French realm, the
/// CI-SIS and XDS-SD templates, the usager (INS and its traits only for a qualified identity), author by idNatPs,
/// custodian by idNatStruct, legal authenticator, service event and the establishment's sector.
/// </summary>
public static class CdaN1Document
{
    /// <summary>The CDA namespace.</summary>
    public static readonly XNamespace V3 = "urn:hl7-org:v3";

    /// <summary>templateId of the CI-SIS header.</summary>
    public const string CiSisHeaderTemplate = "1.2.250.1.213.1.1.1.1";

    /// <summary>templateId of IHE XDS-SD (scanned document: a PDF or text body).</summary>
    public const string XdsSdTemplate = "1.3.6.1.4.1.19376.1.2.20";

    /// <summary>templateId of the HL7 France realm.</summary>
    public const string FrenchRealmTemplate = "2.16.840.1.113883.2.8.2.1";

    /// <summary>The XDS formatCode of a CDA N1 with a PDF body.</summary>
    public static readonly XdsCode PdfFormat = new("urn:ihe:iti:xds-sd:pdf:2008", "1.3.6.1.4.1.19376.1.2.3", "Document à corps non structuré en Pdf/A-1");

    private const string Loinc = "2.16.840.1.113883.6.1";

    /// <summary>The document of <paramref name="request"/>.</summary>
    public static XDocument Write(CdaN1Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var organization = Organization("representedOrganization", request.Organization);
        var document = new XElement(V3 + "ClinicalDocument",
            new XAttribute(XNamespace.Xmlns + "xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            new XElement(V3 + "realmCode", new XAttribute("code", "FR")),
            new XElement(V3 + "typeId", new XAttribute("root", "2.16.840.1.113883.1.3"), new XAttribute("extension", "POCD_HD000040")),
            Template(FrenchRealmTemplate),
            Template(CiSisHeaderTemplate),
            Template(XdsSdTemplate),
            Id(request.UniqueId, null),
            Code("code", request.Type),
            new XElement(V3 + "title", request.Title),
            Time("effectiveTime", request.EffectiveTime),
            Code("confidentialityCode", request.Confidentiality),
            new XElement(V3 + "languageCode", new XAttribute("code", "fr-FR")),
            Id(request.SetId, null, "setId"),
            new XElement(V3 + "versionNumber", new XAttribute("value", request.Version.ToString(CultureInfo.InvariantCulture))),
            RecordTarget(request.Patient),
            new XElement(V3 + "author",
                Time("time", request.EffectiveTime),
                new XElement(V3 + "assignedAuthor",
                    Id(Hl7V2.IdNatPsOid, request.Author.IdNatPs),
                    request.Author.Profession is { } profession ? Code("code", profession) : null,
                    Person("assignedPerson", request.Author),
                    organization)),
            new XElement(V3 + "custodian", new XElement(V3 + "assignedCustodian", Organization("representedCustodianOrganization", request.Organization))),
            new XElement(V3 + "legalAuthenticator",
                Time("time", request.EffectiveTime),
                new XElement(V3 + "signatureCode", new XAttribute("code", "S")),
                new XElement(V3 + "assignedEntity", Id(Hl7V2.IdNatPsOid, request.LegalAuthenticator.IdNatPs), Person("assignedPerson", request.LegalAuthenticator))),
            new XElement(V3 + "documentationOf", new XElement(V3 + "serviceEvent",
                Period(request.ServiceStart, request.ServiceStop),
                new XElement(V3 + "performer", new XAttribute("typeCode", "PRF"), new XElement(V3 + "assignedEntity",
                    Id(Hl7V2.IdNatPsOid, request.Author.IdNatPs),
                    request.Author.Profession is { } performed ? Code("code", performed) : null,
                    Person("assignedPerson", request.Author),
                    Organization("representedOrganization", request.Organization))))),
            request.Replaces is { } replaced
                ? new XElement(V3 + "relatedDocument", new XAttribute("typeCode", "RPLC"), new XElement(V3 + "parentDocument", Id(replaced, null)))
                : null,
            new XElement(V3 + "componentOf", new XElement(V3 + "encompassingEncounter",
                Period(request.ServiceStart, request.ServiceStop),
                new XElement(V3 + "location", new XElement(V3 + "healthCareFacility", Code("code", request.HealthcareFacilityType))))),
            new XElement(V3 + "component", new XElement(V3 + "nonXMLBody",
                new XElement(V3 + "text", new XAttribute("mediaType", "application/pdf"), new XAttribute("representation", "B64"), Convert.ToBase64String(request.Pdf.Span)))));
        return new XDocument(new XDeclaration("1.0", "UTF-8", null), document);
    }

    private static XElement RecordTarget(CdaPatient patient)
    {
        var qualified = patient.Ins is not null;
        // The CI-SIS way (structure minimum): all birth given names unqualified, the first one qualified BR, the
        // birth name BR, the used name CL; no other qualifier.
        var name = new XElement(V3 + "name",
            new XElement(V3 + "family", new XAttribute("qualifier", "BR"), patient.BirthFamily),
            patient.BirthGivenNames.Count > 0 ? new XElement(V3 + "given", string.Join(' ', patient.BirthGivenNames)) : null,
            patient.BirthGivenNames.Count > 0 ? new XElement(V3 + "given", new XAttribute("qualifier", "BR"), patient.BirthGivenNames[0]) : null,
            patient.UsedFamily is { Length: > 0 } used && used != patient.BirthFamily ? new XElement(V3 + "family", new XAttribute("qualifier", "CL"), used) : null);
        return new XElement(V3 + "recordTarget", new XElement(V3 + "patientRole",
            qualified ? Id(patient.InsOid, patient.Ins) : null,
            Id(patient.LocalIdRoot, patient.LocalId),
            new XElement(V3 + "patient",
                name,
                new XElement(V3 + "administrativeGenderCode", new XAttribute("code", patient.Gender is "F" or "M" ? patient.Gender : "UN"), new XAttribute("codeSystem", "2.16.840.1.113883.5.1")),
                patient.BirthDate is { } born ? new XElement(V3 + "birthTime", new XAttribute("value", born.ToString("yyyyMMdd", CultureInfo.InvariantCulture))) : null,
                qualified && patient.BirthPlace is { Length: > 0 } place
                    ? new XElement(V3 + "birthplace", new XElement(V3 + "place", new XElement(V3 + "addr", new XElement(V3 + "county", place))))
                    : null)));
    }

    private static XElement Organization(string element, CdaOrganization organization) =>
        new(V3 + element, Id(Hl7V2.IdNatStructOid, organization.IdNatStruct), new XElement(V3 + "name", organization.Name),
            element == "representedOrganization" ? Code("standardIndustryClassCode", organization.PracticeSetting ?? CdaOrganization.Essms) : null);

    private static XElement Person(string element, CdaProfessional professional) =>
        new(V3 + element, new XElement(V3 + "name",
            new XElement(V3 + "family", professional.Family),
            professional.Given is { Length: > 0 } given ? new XElement(V3 + "given", given) : null));

    // A period of one instant is its low alone: the CI-SIS schematron (dtr1-6-IVL_TS) refuses low equal to high.
    private static XElement Period(DateTimeOffset start, DateTimeOffset? stop) =>
        new(V3 + "effectiveTime", Time("low", start), stop is { } end && end != start ? Time("high", end) : null);

    private static XElement Template(string root) => new(V3 + "templateId", new XAttribute("root", root));

    private static XElement Id(string root, string? extension, string element = "id") =>
        new(V3 + element, new XAttribute("root", root), extension is null ? null : new XAttribute("extension", extension));

    private static XElement Code(string element, XdsCode code) =>
        new(V3 + element, new XAttribute("code", code.Code), new XAttribute("codeSystem", code.Scheme), new XAttribute("displayName", code.Display));

    /// <summary>The PDF of an XDS-SD body (<c>nonXMLBody</c>, base64 of <c>application/pdf</c>), or null.</summary>
    public static byte[]? EmbeddedPdf(XDocument cda)
    {
        ArgumentNullException.ThrowIfNull(cda);
        var text = cda.Root?.Element(V3 + "component")?.Element(V3 + "nonXMLBody")?.Element(V3 + "text");
        if (text is null || (string?)text.Attribute("mediaType") != "application/pdf" || (string?)text.Attribute("representation") != "B64")
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(text.Value.Trim());
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>A CDA time stamp with its offset, as the CI-SIS requires (<c>20261203101500+0100</c>).</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + (time.Offset < TimeSpan.Zero ? "-" : "+") + time.Offset.ToString("hhmm", CultureInfo.InvariantCulture);

    private static XElement Time(string element, DateTimeOffset time) => new(V3 + element, new XAttribute("value", Timestamp(time)));
}
