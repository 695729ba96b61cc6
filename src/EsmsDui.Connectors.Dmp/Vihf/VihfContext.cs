using EsmsDui.Connectors.Documents.Xds;

namespace EsmsDui.Connectors.Dmp.Vihf;

/// <summary>
/// Who asks the DMP, for whom and from which software: the attributes of the VIHF 4.0 assertion (the structure, its
/// sector, the professional or the person responsible for automated sends and their roles, the usager's INS, the
/// LPS and its DMP homologation).
/// </summary>
/// <param name="StructureId">Identifiant_Structure: the structure's national id (idNatStruct, 1 + FINESS).</param>
/// <param name="Sector">Secteur_Activite, from JDV_J61-HealthcareFacilityTypeCode-DMP (e.g. SA17).</param>
/// <param name="SubjectId">Subject/NameID: the professional's idNatPs, or the id of the person responsible for automated sends.</param>
/// <param name="SubjectName">subject-id: that person's name.</param>
/// <param name="Roles">subject:role, first from JDV_J65_SubjectRole_DMP (TRE_R94 for social professionals, AUTOMATE as a fallback), then a second for role-based professionals.</param>
/// <param name="PatientIns">resource-id: the usager's INS as an HL7 v2 CX (<c>NIR^^^&amp;1.2.250.1.213.1.4.8&amp;ISO^NH</c>).</param>
/// <param name="LpsName">LPS_Nom.</param>
/// <param name="LpsVersion">LPS_Version.</param>
/// <param name="LpsHomologationId">LPS_ID_HOMOLOGATION_DMP.</param>
public sealed record VihfContext(
    string StructureId,
    XdsCode Sector,
    string SubjectId,
    string SubjectName,
    IReadOnlyList<XdsCode> Roles,
    string PatientIns,
    string LpsName,
    string LpsVersion,
    string LpsHomologationId);
