using EsmsDui.Connectors.Documents.Xds;

namespace EsmsDui.Connectors.Documents.Cda.Dlu;

/// <summary>The value sets of the DLU-EHPAD volet (CI-SIS 2022.01) that a document of the record is written with.</summary>
public static class DluVocabulary
{
    /// <summary>SNOMED CT's OID.</summary>
    public const string Snomed = "2.16.840.1.113883.6.96";

    /// <summary>The TA_ASIP code system of the checklist of annexed documents.</summary>
    public const string ChecklistSystem = "1.2.250.1.213.1.1.4.322";

    /// <summary>JDV_ObservationEtatPatient_CISIS (1.2.250.1.213.1.1.5.514): the resident's state, as the DLU asks it.</summary>
    public static readonly IReadOnlyList<XdsCode> State =
    [
        new("288575003", Snomed, "capable de communiquer"),
        new("247663003", Snomed, "bien orienté"),
        new("62476001", Snomed, "désorienté(e)"),
        new("24199005", Snomed, "sensation d'agitation"),
        new("248043008", Snomed, "comportement non-conciliant"),
        new("425104003", Snomed, "comportement suicidaire"),
        new("397540003", Snomed, "malvoyance"),
        new("15188001", Snomed, "perte auditive"),
        new("62305002", Snomed, "trouble du langage"),
        new("161898004", Snomed, "chutes"),
        new("50239007", Snomed, "errance"),
        new("248046000", Snomed, "fugue"),
        new("386423001", Snomed, "contention physique"),
        new("285304000", Snomed, "à risque d'escarre"),
        new("249492002", Snomed, "fausse route alimentaire"),
    ];

    /// <summary>JDV_ChecklistDLU_CISIS (1.2.250.1.213.1.1.5.71): the documents a DLU says are annexed or not.</summary>
    public static readonly IReadOnlyList<XdsCode> Checklist =
    [
        new("DLU_006", ChecklistSystem, "Attestation de la carte vitale"),
        new("DLU_007", ChecklistSystem, "Attestation de mutuelle"),
        new("DLU_008", ChecklistSystem, "Photocopie de la carte d’identité"),
        new("DLU_009", ChecklistSystem, "Grille AGGIR (la plus récente)"),
        new("DLU_010", ChecklistSystem, "Photocopie des directives anticipées"),
        new("DLU_011", ChecklistSystem, "Photocopies des ordonnances en cours"),
        new("DLU_012", ChecklistSystem, "Tableau d’administration des médicaments"),
        new("DLU_013", ChecklistSystem, "Résultats récents de biologie (1 à 3 mois) avec clairance de la créatinine et INR (si AVK)"),
        new("DLU_014", ChecklistSystem, "CR de la dernière hospitalisation"),
        new("DLU_015", ChecklistSystem, "Fiche BMR (bactérie multi-résistante)"),
        new("DLU_016", ChecklistSystem, "Fiche ou carnet de suivi des soins (glycémie, pansements, perfusion, ventilation, nutrition, etc.)"),
        new("DLU_017", ChecklistSystem, "Carnet de suivi du pacemaker ou du défibrilateur implentable"),
        new("DLU_018", ChecklistSystem, "Carte de groupe sanguin (si à jour)"),
        new("DLU_019", ChecklistSystem, "Liste des capacités en soins de l’EHPAD"),
    ];

    /// <summary>A food allergy (SNOMED CT).</summary>
    public static readonly XdsCode FoodAllergy = new("414285001", Snomed, "allergie alimentaire");

    /// <summary>A medication allergy (SNOMED CT).</summary>
    public static readonly XdsCode MedicationAllergy = new("416098002", Snomed, "allergie médicamenteuse");

    /// <summary>An allergy to another substance (SNOMED CT).</summary>
    public static readonly XdsCode OtherAllergy = new("419199007", Snomed, "allergie à une substance");

    /// <summary>The CIM-10 code the DLU asks about: carrying a multi-resistant bacterium.</summary>
    public static readonly XdsCode MultiResistantBacteria = new("U83.71", "2.16.840.1.113883.6.3", "Bactérie multirésistante [BMR]");
}
