using EsmsDui.Connectors.Documents.Xds;

namespace EsmsDui.Connectors.Documents.Cda;

/// <summary>
/// The usager of a CDA document (recordTarget): the local id, and the INS with the 4 identity traits that go with it
/// when, and only when, the identity is qualified.
/// </summary>
/// <param name="LocalId">The usager's id in the establishment's software.</param>
/// <param name="LocalIdRoot">The OID of that id's authority.</param>
/// <param name="Ins">The matricule INS, null unless the identity is qualified.</param>
/// <param name="InsOid">The INS's OID (NIR or NIA).</param>
/// <param name="BirthFamily">Birth name (nom de naissance).</param>
/// <param name="UsedFamily">Used name, when it differs.</param>
/// <param name="BirthGivenNames">Birth given names (liste des prénoms), in order.</param>
/// <param name="Gender">F, M or U.</param>
/// <param name="BirthDate">Birth date.</param>
/// <param name="BirthPlace">INSEE code of the birth place, when known.</param>
public sealed record CdaPatient(
    string LocalId,
    string LocalIdRoot,
    string? Ins,
    string InsOid,
    string BirthFamily,
    string? UsedFamily,
    IReadOnlyList<string> BirthGivenNames,
    string Gender,
    DateOnly? BirthDate,
    string? BirthPlace);

/// <summary>A professional: idNatPs (8 + RPPS), names, and their profession when known.</summary>
/// <param name="IdNatPs">The national id.</param>
/// <param name="Family">Family name.</param>
/// <param name="Given">Given name.</param>
/// <param name="Profession">Profession (TRE_G15) or role.</param>
public sealed record CdaProfessional(string IdNatPs, string Family, string? Given, XdsCode? Profession);

/// <summary>An organisation: idNatStruct (1 + FINESS), name and, when known, its practice setting.</summary>
/// <param name="IdNatStruct">The national id.</param>
/// <param name="Name">Its name.</param>
/// <param name="PracticeSetting">Its cadre d'exercice (JDV_J04, e.g. ESSMS), the performer's standardIndustryClassCode.</param>
public sealed record CdaOrganization(string IdNatStruct, string Name, XdsCode? PracticeSetting = null)
{
    /// <summary>The practice setting of a social or medico-social establishment or service.</summary>
    public static readonly XdsCode Essms = new("ESSMS", "1.2.250.1.213.1.1.4.9", "Etablissement ou Service Social ou Médico-Social");
}
