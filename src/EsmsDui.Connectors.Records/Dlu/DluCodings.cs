using EsmsDui.Connectors.Documents.Cda.Dlu;
using EsmsDui.Connectors.Documents.Xds;
using Hl7.Fhir.Model;

namespace EsmsDui.Connectors.Records.Dlu;

/// <summary>FHIR codings as a CDA writes them (OID code systems), and the relationship codes of a usager's contacts.</summary>
internal static class DluCodings
{
    private const string RoleCode = "2.16.840.1.113883.5.111";

    private static readonly Dictionary<string, string> Oids = new(StringComparer.Ordinal)
    {
        ["http://snomed.info/sct"] = DluVocabulary.Snomed,
        ["http://hl7.org/fhir/sid/icd-10"] = "2.16.840.1.113883.6.3",
        ["http://hl7.org/fhir/sid/icd-10-fr"] = "2.16.840.1.113883.6.3",
        ["https://smt.esante.gouv.fr/terminologie-cim-10"] = "2.16.840.1.113883.6.3",
        ["http://www.whocc.no/atc"] = "2.16.840.1.113883.6.73",
        ["http://loinc.org"] = "2.16.840.1.113883.6.1",
        ["https://smt.esante.gouv.fr/terminologie-cis"] = "1.2.250.1.213.2.3.1",
        ["https://smt.esante.gouv.fr/terminologie-ucd"] = "1.2.250.1.213.2.3.2",
        ["http://terminology.hl7.org/CodeSystem/v3-RoleCode"] = RoleCode,
    };

    // fr-core-cs-contact-relationship codes that are roles (personne de confiance, legal protection…), not kinship.
    private static readonly HashSet<string> FrCoreRoles = ["K", "P", "WRD", "GRD", "CUR", "CURTL", "EDUREF", "SVG"];

    private static readonly HashSet<string> GuardianCodes = ["WRD", "GRD", "CUR", "CURTL", "SVG"];

    private const string FrCoreRelationship = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-contact-relationship";

    /// <summary>The first coding of <paramref name="concept"/> in a code system a CDA can name, or null.</summary>
    public static XdsCode? Code(CodeableConcept? concept) =>
        concept?.Coding.Where(c => c.Code is { Length: > 0 }).Select(c => Oid(c.System) is { } oid ? new XdsCode(c.Code!, oid, c.Display ?? concept.Text ?? c.Code!) : null).FirstOrDefault(c => c is not null);

    /// <summary>What <paramref name="concept"/> says in words.</summary>
    public static string? Words(CodeableConcept? concept) => concept?.Text ?? concept?.Coding.Select(c => c.Display ?? c.Code).FirstOrDefault(d => d is { Length: > 0 });

    /// <summary>Whether <paramref name="concept"/> has the code <paramref name="code"/> in a code system whose OID is <paramref name="oid"/>.</summary>
    public static bool Has(CodeableConcept? concept, string oid, string code) => concept?.Coding.Any(c => c.Code == code && Oid(c.System) == oid) == true;

    /// <summary>The usager's personne de confiance.</summary>
    public static bool IsPersonneDeConfiance(IEnumerable<CodeableConcept> relationship) => Codes(relationship).Any(c => c.System == FrCoreRelationship && c.Code == "K");

    /// <summary>Someone not to be told (personne à ne pas prévenir): never a contact of the DLU.</summary>
    public static bool IsNotToBeTold(IEnumerable<CodeableConcept> relationship) => Codes(relationship).Any(c => c.System == FrCoreRelationship && c.Code == "P");

    /// <summary>A person to contact in an emergency (v2-0131 C, HL7 RoleClass ECON).</summary>
    public static bool IsEmergencyContact(IEnumerable<CodeableConcept> relationship) => Codes(relationship).Any(c => c.Code is "C" or "ECON");

    /// <summary>The usager's legal representative (tutelle, curatelle, sauvegarde de justice, TRE_R217).</summary>
    public static bool IsGuardian(IEnumerable<CodeableConcept> relationship) =>
        Codes(relationship).Any(c => (c.System == FrCoreRelationship && GuardianCodes.Contains(c.Code!)) || c.System?.Contains("TRE_R217", StringComparison.Ordinal) == true);

    /// <summary>The kinship (HL7 RoleCode: SIS, DAUC…) among <paramref name="relationship"/>, when recorded.</summary>
    public static XdsCode? Kinship(IEnumerable<CodeableConcept> relationship) =>
        Codes(relationship).Where(c => (c.System == FrCoreRelationship && !FrCoreRoles.Contains(c.Code!)) || Oid(c.System) == RoleCode)
            .Select(c => new XdsCode(c.Code!, RoleCode, c.Display ?? c.Code!)).FirstOrDefault();

    private static IEnumerable<Coding> Codes(IEnumerable<CodeableConcept> concepts) => concepts.SelectMany(c => c.Coding).Where(c => c.Code is { Length: > 0 });

    private static string? Oid(string? system) =>
        system is null ? null : system.StartsWith("urn:oid:", StringComparison.Ordinal) ? system[8..] : Oids.GetValueOrDefault(system);
}
