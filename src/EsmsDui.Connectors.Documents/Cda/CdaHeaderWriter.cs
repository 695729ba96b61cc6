using System.Globalization;
using System.Xml.Linq;
using EsmsDui.Connectors.Documents.Xds;
using static EsmsDui.Connectors.Documents.Cda.CdaElements;

namespace EsmsDui.Connectors.Documents.Cda;

/// <summary>
/// What a volet adds to the CI-SIS header: its templateIds, the service event's code, the usager's legal
/// representative (guardian), informants (personne à prévenir, personne de confiance) and participants (médecin traitant).
/// </summary>
/// <param name="Templates">The volet's templateIds, after the French realm's and the CI-SIS header's.</param>
/// <param name="ServiceEventCode">documentationOf/serviceEvent/code, when the volet fixes one.</param>
/// <param name="Guardian">The patient's guardian element, if any.</param>
/// <param name="Informants">informant elements.</param>
/// <param name="Participants">participant elements.</param>
public sealed record CdaVolet(
    IReadOnlyList<XElement> Templates,
    XdsCode? ServiceEventCode = null,
    XElement? Guardian = null,
    IReadOnlyList<XElement>? Informants = null,
    IReadOnlyList<XElement>? Participants = null);

/// <summary>
/// Writes a CDA R2 document with the CI-SIS header: French realm, the CI-SIS and volet templates, the usager (INS and
/// its traits only for a qualified identity), author by idNatPs, custodian by idNatStruct, legal authenticator,
/// service event with its performer, the establishment's sector, and the body it is given.
/// </summary>
public static class CdaHeaderWriter
{
    /// <summary>The document of <paramref name="header"/>, <paramref name="volet"/>'s additions and <paramref name="body"/> (a nonXMLBody or a structuredBody).</summary>
    public static XDocument Write(CdaHeader header, CdaVolet volet, XElement body)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(volet);
        var document = new XElement(V3 + "ClinicalDocument",
            new XAttribute(XNamespace.Xmlns + "xsi", Xsi.NamespaceName),
            new XElement(V3 + "realmCode", new XAttribute("code", "FR")),
            new XElement(V3 + "typeId", new XAttribute("root", "2.16.840.1.113883.1.3"), new XAttribute("extension", "POCD_HD000040")),
            Template(CdaN1Document.FrenchRealmTemplate),
            Template(CdaN1Document.CiSisHeaderTemplate),
            volet.Templates,
            Id(header.UniqueId, null),
            Code("code", header.Type),
            new XElement(V3 + "title", header.Title),
            Time("effectiveTime", header.EffectiveTime),
            Code("confidentialityCode", header.Confidentiality),
            new XElement(V3 + "languageCode", new XAttribute("code", "fr-FR")),
            Id(header.SetId, null, "setId"),
            new XElement(V3 + "versionNumber", new XAttribute("value", header.Version.ToString(CultureInfo.InvariantCulture))),
            RecordTarget(header.Patient, volet.Guardian),
            new XElement(V3 + "author",
                Time("time", header.EffectiveTime),
                new XElement(V3 + "assignedAuthor",
                    Id(Hl7V2.IdNatPsOid, header.Author.IdNatPs),
                    header.Author.Profession is { } profession ? Code("code", profession) : null,
                    Person("assignedPerson", header.Author),
                    Organization("representedOrganization", header.Organization))),
            volet.Informants,
            new XElement(V3 + "custodian", new XElement(V3 + "assignedCustodian", Organization("representedCustodianOrganization", header.Organization))),
            new XElement(V3 + "legalAuthenticator",
                Time("time", header.EffectiveTime),
                new XElement(V3 + "signatureCode", new XAttribute("code", "S")),
                new XElement(V3 + "assignedEntity", Id(Hl7V2.IdNatPsOid, header.LegalAuthenticator.IdNatPs), Person("assignedPerson", header.LegalAuthenticator))),
            volet.Participants,
            new XElement(V3 + "documentationOf", new XElement(V3 + "serviceEvent",
                volet.ServiceEventCode is { } serviceCode ? Code("code", serviceCode) : null,
                Period(header.ServiceStart, header.ServiceStop),
                new XElement(V3 + "performer", new XAttribute("typeCode", "PRF"), new XElement(V3 + "assignedEntity",
                    Id(Hl7V2.IdNatPsOid, header.Author.IdNatPs),
                    header.Author.Profession is { } performed ? Code("code", performed) : null,
                    Person("assignedPerson", header.Author),
                    Organization("representedOrganization", header.Organization))))),
            header.Replaces is { } replaced ? Replacement(replaced) : null,
            new XElement(V3 + "componentOf", new XElement(V3 + "encompassingEncounter",
                Period(header.ServiceStart, header.ServiceStop),
                new XElement(V3 + "location", new XElement(V3 + "healthCareFacility", Code("code", header.HealthcareFacilityType))))),
            new XElement(V3 + "component", body));
        return new XDocument(new XDeclaration("1.0", "UTF-8", null), document);
    }

    /// <summary>
    /// Makes <paramref name="cda"/> the replacement of the version <paramref name="replaces"/> (relatedDocument RPLC),
    /// in place of any relation it had: a document made here learns at sending which DMP entry it replaces.
    /// </summary>
    public static void SetReplacement(XDocument cda, string replaces)
    {
        ArgumentNullException.ThrowIfNull(cda);
        var root = cda.Root ?? throw new DocumentFormatException("The CDA document is empty.");
        root.Elements(V3 + "relatedDocument").Remove();
        var before = root.Elements().FirstOrDefault(e => e.Name == V3 + "authorization" || e.Name == V3 + "componentOf" || e.Name == V3 + "component")
            ?? throw new DocumentFormatException("The CDA document has no body.");
        before.AddBeforeSelf(Replacement(replaces));
    }

    private static XElement Replacement(string replaces) =>
        new(V3 + "relatedDocument", new XAttribute("typeCode", "RPLC"), new XElement(V3 + "parentDocument", Id(replaces, null)));

    private static XElement RecordTarget(CdaPatient patient, XElement? guardian)
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
                patient.BirthDate is { } born ? Date("birthTime", born) : null,
                guardian,
                qualified && patient.BirthPlace is { Length: > 0 } place
                    ? new XElement(V3 + "birthplace", new XElement(V3 + "place", new XElement(V3 + "addr", new XElement(V3 + "county", place))))
                    : null)));
    }
}
