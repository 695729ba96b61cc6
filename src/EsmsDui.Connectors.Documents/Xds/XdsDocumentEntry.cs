namespace EsmsDui.Connectors.Documents.Xds;

/// <summary>The metadata of one document (XDS DocumentEntry), as the CI-SIS requires it.</summary>
/// <param name="EntryUuid">The entry's id in the submission (<c>urn:uuid:…</c>).</param>
/// <param name="UniqueId">The document's unique id (an OID, the CDA <c>id</c>).</param>
/// <param name="MimeType">The document's MIME type (<c>text/xml</c> for a CDA).</param>
/// <param name="Uri">The file name of the document in its XDM subset folder.</param>
/// <param name="Hash">SHA-1 of the document, lower-case hex.</param>
/// <param name="Size">Size of the document in bytes.</param>
/// <param name="PatientId">The usager's id in the affinity domain (HL7 v2 CX: INS or local id).</param>
/// <param name="SourcePatientId">The usager's id at the source (CX).</param>
/// <param name="SourcePatientInfo">PID-3, PID-5, PID-7, PID-8 lines of the usager at the source.</param>
/// <param name="Title">The document's title.</param>
/// <param name="CreationTime">When the document was made.</param>
/// <param name="ServiceStartTime">When the care it reports started.</param>
/// <param name="ServiceStopTime">When the care it reports ended, if known.</param>
/// <param name="LanguageCode">The document's language (<c>fr-FR</c>).</param>
/// <param name="Author">Who wrote it.</param>
/// <param name="LegalAuthenticator">Who answers for it (XCN).</param>
/// <param name="Class">classCode (TRE_A03).</param>
/// <param name="Type">typeCode (LOINC or TRE_A05).</param>
/// <param name="Format">formatCode (TRE_A06, IHE).</param>
/// <param name="HealthcareFacilityType">healthcareFacilityTypeCode (TRE_R02).</param>
/// <param name="PracticeSetting">practiceSettingCode.</param>
/// <param name="Confidentiality">confidentialityCode, at least one.</param>
/// <param name="Events">eventCodeList.</param>
public sealed record XdsDocumentEntry(
    string EntryUuid,
    string UniqueId,
    string MimeType,
    string Uri,
    string Hash,
    long Size,
    string PatientId,
    string SourcePatientId,
    IReadOnlyList<string> SourcePatientInfo,
    string Title,
    DateTimeOffset CreationTime,
    DateTimeOffset ServiceStartTime,
    DateTimeOffset? ServiceStopTime,
    string LanguageCode,
    XdsAuthor Author,
    string LegalAuthenticator,
    XdsCode Class,
    XdsCode Type,
    XdsCode Format,
    XdsCode HealthcareFacilityType,
    XdsCode PracticeSetting,
    IReadOnlyList<XdsCode> Confidentiality,
    IReadOnlyList<XdsCode> Events);
