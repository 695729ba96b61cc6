using EsmsDui.Connectors.Documents.Xds;

namespace EsmsDui.Connectors.Documents.Cda;

/// <summary>What the CI-SIS header of a CDA R2 document says, whatever its body (a PDF, or a volet's sections).</summary>
/// <param name="UniqueId">The document's id (an OID: its XDS uniqueId).</param>
/// <param name="SetId">The id of the document's set of versions (an OID).</param>
/// <param name="Version">Its version number in the set.</param>
/// <param name="Type">Document type (LOINC or TRE_A05), the CDA <c>code</c>.</param>
/// <param name="Title">Title.</param>
/// <param name="EffectiveTime">When the document was made.</param>
/// <param name="Confidentiality">Confidentiality (N, R, V).</param>
/// <param name="Patient">The usager.</param>
/// <param name="Author">The author.</param>
/// <param name="Organization">The establishment (author's organisation and custodian).</param>
/// <param name="LegalAuthenticator">Who answers for the document.</param>
/// <param name="ServiceStart">When the care reported started.</param>
/// <param name="ServiceStop">When it ended.</param>
/// <param name="HealthcareFacilityType">The establishment's sector (TRE_R02, e.g. SA17).</param>
/// <param name="Replaces">The id (uniqueId) of the version this document replaces, if any (relatedDocument RPLC).</param>
public sealed record CdaHeader(
    string UniqueId,
    string SetId,
    int Version,
    XdsCode Type,
    string Title,
    DateTimeOffset EffectiveTime,
    XdsCode Confidentiality,
    CdaPatient Patient,
    CdaProfessional Author,
    CdaOrganization Organization,
    CdaProfessional LegalAuthenticator,
    DateTimeOffset ServiceStart,
    DateTimeOffset? ServiceStop,
    XdsCode HealthcareFacilityType,
    string? Replaces = null);
