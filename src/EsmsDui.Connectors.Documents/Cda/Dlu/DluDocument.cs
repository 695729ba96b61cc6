using System.Xml.Linq;
using EsmsDui.Connectors.Documents.Xds;
using static EsmsDui.Connectors.Documents.Cda.CdaElements;

namespace EsmsDui.Connectors.Documents.Cda.Dlu;

/// <summary>
/// Writes the document de liaison d'urgence of an EHPAD resident as the CI-SIS structured volet DLU-EHPAD 2022.01
/// (CDA R2 level 3, templateId 1.2.250.1.213.1.1.1.22): the header names the médecin traitant (participant INF,
/// PCP), the personne de confiance and the persons to contact (informants) and the legal representative (guardian);
/// the body has the volet's sections in its order, each with its narrative and its coded entries.
/// </summary>
public static class DluDocument
{
    /// <summary>The volet's templateId.</summary>
    public const string Template = "1.2.250.1.213.1.1.1.22";

    /// <summary>The volet's version (templateId extension).</summary>
    public const string TemplateVersion = "2022.01";

    /// <summary>The document's type (LOINC), the CDA code and the XDS typeCode.</summary>
    public static readonly XdsCode Type = new("74207-2", Loinc, "Document de liaison d'urgence");

    /// <summary>The volet's XDS formatCode (TRE_A06, ASS_A11).</summary>
    public static readonly XdsCode Format = new("urn:asip:ci-sis:dlu:2015", "1.2.250.1.213.1.1.4.2.282", "Document de liaison d'urgence");

    private static readonly XdsCode HistoryAndPhysical = new("34117-2", Loinc, "Historique et clinique");

    /// <summary>The DLU of <paramref name="header"/> (whose type is <see cref="Type"/>) and <paramref name="content"/>.</summary>
    public static XDocument Write(CdaHeader header, DluContent content)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(content);
        var doctor = content.MedecinTraitant ?? throw new ArgumentException("The DLU volet requires the médecin traitant (participant INF, PCP).", nameof(content));
        var volet = new CdaVolet(
            [CdaElements.Template(Template, TemplateVersion)],
            HistoryAndPhysical,
            content.Guardian is { } guardian ? Guardian(guardian) : null,
            [.. content.EmergencyContacts.Select(c => Informant("ECON", c)), .. content.PersonneDeConfiance is { } trusted ? [Informant("NOK", trusted)] : Array.Empty<XElement>()],
            [MedecinTraitant(doctor, header.EffectiveTime)]);
        var body = new XElement(V3 + "structuredBody",
            DluSections.PreferredHospital(content.PreferredHospital),
            content.ActiveProblems.Count > 0 ? DluSections.Problems(content.ActiveProblems, active: true) : null,
            content.History.Count > 0 ? DluSections.Problems(content.History, active: false) : null,
            content.Allergies.Count > 0 ? DluSections.Allergies(content.Allergies) : null,
            DluSections.Treatments(content.Treatments),
            DluSections.AdvanceDirectives(content.AdvanceDirectives),
            DluSections.State(content.State),
            DluSections.MultiResistantBacteria(content.MultiResistantBacteria),
            content.Vaccinations.Count > 0 ? DluSections.Vaccinations(content.Vaccinations) : null,
            content.Comments.Count > 0 ? DluSections.Comments(content.Comments) : null,
            DluSections.Attachments(content.Attachments));
        return CdaHeaderWriter.Write(header, volet, body);
    }

    private static XElement Guardian(DluContact guardian) =>
        new(V3 + "guardian",
            Telecom(guardian.Phone),
            new XElement(V3 + "guardianPerson", Name(guardian.Family, guardian.Given)));

    private static XElement Informant(string classCode, DluContact contact) =>
        new(V3 + "informant", new XElement(V3 + "relatedEntity", new XAttribute("classCode", classCode),
            contact.Relationship is { } relationship ? Code("code", relationship) : null,
            Telecom(contact.Phone),
            new XElement(V3 + "relatedPerson", Name(contact.Family, contact.Given))));

    // The structure minimum requires the participation's start: he is the médecin traitant as of the document (the official example's way).
    private static XElement MedecinTraitant(CdaProfessional doctor, DateTimeOffset asOf) =>
        new(V3 + "participant", new XAttribute("typeCode", "INF"),
            new XElement(V3 + "functionCode", new XAttribute("code", "PCP"), new XAttribute("codeSystem", "2.16.840.1.113883.5.88"), new XAttribute("displayName", "Médecin traitant")),
            new XElement(V3 + "time", new XAttribute(Xsi + "type", "IVL_TS"), Time("low", asOf)),
            new XElement(V3 + "associatedEntity", new XAttribute("classCode", "PROV"), Id(Hl7V2.IdNatPsOid, doctor.IdNatPs), Person("associatedPerson", doctor)));

    private static XElement Name(string family, string? given) =>
        new(V3 + "name", new XElement(V3 + "family", family), given is { Length: > 0 } ? new XElement(V3 + "given", given) : null);

    private static XElement? Telecom(string? phone) => phone is { Length: > 0 } ? new XElement(V3 + "telecom", new XAttribute("value", "tel:" + phone.Replace(" ", string.Empty, StringComparison.Ordinal))) : null;
}
