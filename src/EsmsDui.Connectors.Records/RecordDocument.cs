using Hl7.Fhir.Model;

namespace EsmsDui.Connectors.Records;

/// <summary>
/// What a sending carries, read from the record: the document (one version), its usager and establishment, and its
/// content — a PDF (then wrapped in a CDA N1 naming its author) or a CDA document sent as it is (with its PDF, if any).
/// </summary>
/// <param name="Reference">The DocumentReference, as of the version sent.</param>
/// <param name="VersionId">That version.</param>
/// <param name="Usager">The usager it is about.</param>
/// <param name="Author">Its author with an RPPS (for a PDF; a CDA names its own).</param>
/// <param name="Custodian">The establishment (with a FINESS).</param>
/// <param name="Pdf">The PDF, if any.</param>
/// <param name="Cda">The CDA document, if any.</param>
public sealed record RecordDocument(DocumentReference Reference, int VersionId, Patient Usager, Practitioner? Author, Organization Custodian, byte[]? Pdf, byte[]? Cda);
