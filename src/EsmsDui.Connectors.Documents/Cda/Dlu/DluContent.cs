using EsmsDui.Connectors.Documents.Xds;

namespace EsmsDui.Connectors.Documents.Cda.Dlu;

/// <summary>A problem (pathologie en cours) or an antecedent: what it is, coded when the record codes it, and when.</summary>
/// <param name="Text">What it is, in words.</param>
/// <param name="Code">Its code (CIM-10, SNOMED CT…), when known.</param>
/// <param name="Start">Since when.</param>
/// <param name="End">Until when, for an antecedent.</param>
public sealed record DluProblem(string Text, XdsCode? Code, DateOnly? Start, DateOnly? End);

/// <summary>An allergy or intolerance: its kind (SNOMED CT: food, medication, other) and its agent.</summary>
/// <param name="Kind">Its kind.</param>
/// <param name="Agent">The agent, in words.</param>
/// <param name="AgentCode">The agent's code, when known.</param>
/// <param name="Start">Since when.</param>
public sealed record DluAllergy(XdsCode Kind, string Agent, XdsCode? AgentCode, DateOnly? Start);

/// <summary>A long-term treatment.</summary>
/// <param name="Medication">The medication, in words.</param>
/// <param name="Code">Its code (CIS, UCD, ATC), when known.</param>
/// <param name="Dosage">The dosage, in words.</param>
/// <param name="Start">Since when.</param>
/// <param name="End">Until when.</param>
public sealed record DluTreatment(string Medication, XdsCode? Code, string? Dosage, DateOnly? Start, DateOnly? End);

/// <summary>A vaccination.</summary>
/// <param name="Vaccine">The vaccine, in words.</param>
/// <param name="Code">Its code, when known.</param>
/// <param name="Date">When it was given.</param>
public sealed record DluVaccination(string Vaccine, XdsCode? Code, DateOnly? Date);

/// <summary>A person to contact (personne à prévenir, personne de confiance, legal representative).</summary>
/// <param name="Family">Family name.</param>
/// <param name="Given">Given name.</param>
/// <param name="Relationship">Relationship to the usager (HL7 RoleCode: SIS, DAUC…), when known.</param>
/// <param name="Phone">Phone number, when known.</param>
public sealed record DluContact(string Family, string? Given, XdsCode? Relationship, string? Phone);

/// <summary>An establishment (the preferred hospital).</summary>
/// <param name="Name">Its name.</param>
/// <param name="IdNatStruct">Its idNatStruct (1 + FINESS), when known.</param>
/// <param name="Phone">Its phone number, when known.</param>
public sealed record DluEstablishment(string Name, string? IdNatStruct, string? Phone);

/// <summary>A document annexed to the DLU (JDV_ChecklistDLU_CISIS) with its PDF.</summary>
/// <param name="Type">Its checklist code (TA_ASIP DLU_006 to DLU_019).</param>
/// <param name="Pdf">The PDF.</param>
public sealed record DluAttachment(XdsCode Type, ReadOnlyMemory<byte> Pdf);

/// <summary>
/// What the document de liaison d'urgence (CI-SIS volet DLU-EHPAD 2022.01) says of a resident, beyond its header:
/// whom to call, what he has, takes and cannot take, his state, his choices, and what is annexed.
/// </summary>
/// <param name="MedecinTraitant">His médecin traitant, when known (the DLU volet requires him).</param>
/// <param name="Guardian">His legal representative, if any.</param>
/// <param name="EmergencyContacts">Persons to contact in an emergency.</param>
/// <param name="PersonneDeConfiance">His personne de confiance, if any.</param>
/// <param name="PreferredHospital">The hospital he prefers, when known.</param>
/// <param name="ActiveProblems">Pathologies en cours.</param>
/// <param name="History">Antécédents.</param>
/// <param name="Allergies">Allergies and intolerances.</param>
/// <param name="Treatments">Long-term treatments.</param>
/// <param name="AdvanceDirectives">Whether he wrote directives anticipées (null: not known).</param>
/// <param name="State">His state (JDV_ObservationEtatPatient_CISIS codes, SNOMED CT) and whether each holds.</param>
/// <param name="MultiResistantBacteria">Whether he carries a multi-resistant bacterium (null: not known).</param>
/// <param name="Vaccinations">Vaccinations.</param>
/// <param name="Attachments">Annexed documents.</param>
/// <param name="Comments">Free-text lines (autonomy, last vital signs, remarks).</param>
public sealed record DluContent(
    CdaProfessional? MedecinTraitant,
    DluContact? Guardian,
    IReadOnlyList<DluContact> EmergencyContacts,
    DluContact? PersonneDeConfiance,
    DluEstablishment? PreferredHospital,
    IReadOnlyList<DluProblem> ActiveProblems,
    IReadOnlyList<DluProblem> History,
    IReadOnlyList<DluAllergy> Allergies,
    IReadOnlyList<DluTreatment> Treatments,
    bool? AdvanceDirectives,
    IReadOnlyList<(XdsCode Code, bool Holds)> State,
    bool? MultiResistantBacteria,
    IReadOnlyList<DluVaccination> Vaccinations,
    IReadOnlyList<DluAttachment> Attachments,
    IReadOnlyList<string> Comments);
