namespace EsmsDui.Connectors.Documents.Xds;

/// <summary>The metadata of one submission (XDS SubmissionSet) and the documents it holds.</summary>
/// <param name="EntryUuid">The submission set's id (<c>urn:uuid:…</c>).</param>
/// <param name="UniqueId">Its unique id (an OID).</param>
/// <param name="SourceId">The OID of the sending system.</param>
/// <param name="PatientId">The usager's id (CX), the same as the documents'.</param>
/// <param name="SubmissionTime">When it was sent.</param>
/// <param name="Author">Who sends it.</param>
/// <param name="ContentType">contentTypeCode.</param>
/// <param name="Title">An optional title.</param>
/// <param name="IntendedRecipients">intendedRecipient values (XON|XCN^…|XTN of the MSSanté addresses).</param>
/// <param name="Documents">The documents.</param>
/// <param name="Replaces">For a document that replaces one already registered: its entryUUID → the replaced entry's entryUUID (an RPLC association).</param>
public sealed record XdsSubmissionSet(
    string EntryUuid,
    string UniqueId,
    string SourceId,
    string PatientId,
    DateTimeOffset SubmissionTime,
    XdsAuthor Author,
    XdsCode ContentType,
    string? Title,
    IReadOnlyList<string> IntendedRecipients,
    IReadOnlyList<XdsDocumentEntry> Documents,
    IReadOnlyDictionary<string, string>? Replaces = null);
