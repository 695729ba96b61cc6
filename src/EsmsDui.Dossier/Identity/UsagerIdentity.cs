using Hl7.Fhir.Model;

namespace EsmsDui.Dossier.Identity;

/// <summary>Reads the INS and the identity status of a Patient, in both encodings FR Core uses.</summary>
public static class UsagerIdentity
{
    /// <summary>The FR Core identity reliability extension.</summary>
    public const string ReliabilityExtension = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-identity-reliability";

    /// <summary>Table 0445 as FR Core 2.1 and 2.2 publish it (VALI there requires an INS: fr-core-1).</summary>
    public const string Table0445 = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0445";

    /// <summary>
    /// The INS identifiers of a patient: NIA and test/demo systems, and NIR unless typed as the billing NSS (NH).
    /// </summary>
    public static IEnumerable<Identifier> InsIdentifiers(Patient patient) =>
        patient?.Identifier.Where(IsIns) ?? [];

    /// <summary>True for an INS identifier (see <see cref="InsIdentifiers"/>).</summary>
    public static bool IsIns(Identifier identifier) =>
        identifier is { System: { } system, Value: not null }
        && InsSystems.All.Contains(system)
        && !(system == InsSystems.Nir && identifier.Type?.Coding.Any(c => c.Code == "NH") == true);

    /// <summary>The highest status the identity reliability extensions record.</summary>
    public static IdentityStatus StatusOf(Patient patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        var hasIns = InsIdentifiers(patient).Any();
        return patient.Extension
            .Where(e => e.Url == ReliabilityExtension)
            .SelectMany(e => e.Extension.Where(s => s.Url == "identityStatus"))
            .Select(s => s.Value as Coding)
            .OfType<Coding>()
            .Select(c => c.Code switch
            {
                "QUAL" => IdentityStatus.Qualifiee,
                "VALI" when c.System == Table0445 => hasIns ? IdentityStatus.Qualifiee : IdentityStatus.Validee,
                "VALI" => IdentityStatus.Validee,
                "RECUP" => IdentityStatus.Recuperee,
                "PROV" or "VIDE" => IdentityStatus.Provisoire,
                _ => IdentityStatus.None,
            })
            .DefaultIfEmpty(IdentityStatus.None)
            .Max();
    }

    /// <summary>
    /// The attributes douteuse (DOUT) and fictive (FICT) the reliability extensions record, wherever their coding
    /// stands: as a status of table 0445 (FR Core 2.1/2.2) or in a sub-extension of its own (later FR Core).
    /// </summary>
    public static IdentityAttributes AttributesOf(Patient patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        return patient.Extension
            .Where(e => e.Url == ReliabilityExtension)
            .SelectMany(e => e.Extension)
            .Select(s => s.Value as Coding)
            .OfType<Coding>()
            .Aggregate(IdentityAttributes.None, (attributes, c) => attributes | c.Code switch
            {
                "DOUT" => IdentityAttributes.Douteuse,
                "FICT" => IdentityAttributes.Fictive,
                _ => IdentityAttributes.None,
            });
    }

    /// <summary>True when the INS may leave the server with this identity (qualified, neither douteuse nor fictive).</summary>
    public static bool MayDiscloseIns(Patient patient) =>
        StatusOf(patient) == IdentityStatus.Qualifiee && AttributesOf(patient) == IdentityAttributes.None;

    /// <summary>
    /// The patient as it may leave the server: unchanged when qualified, else a copy without its INS identifiers
    /// (the matricule and its OID), as the RNIV requires of every export, document, mail and DMP feed.
    /// </summary>
    public static Patient ForDisclosure(Patient patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        if (MayDiscloseIns(patient) || !InsIdentifiers(patient).Any())
        {
            return patient;
        }

        var copy = (Patient)patient.DeepCopy();
        copy.Identifier.RemoveAll(IsIns);
        return copy;
    }
}
