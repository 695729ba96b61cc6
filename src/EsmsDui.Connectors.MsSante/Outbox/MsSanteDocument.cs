using Hl7.Fhir.Model;

namespace EsmsDui.Connectors.MsSante.Outbox;

/// <summary>What a sending carries, read from the record: the document (one version), its usager, author and custodian, and the PDF.</summary>
/// <param name="Reference">The DocumentReference, as of the version sent.</param>
/// <param name="VersionId">That version.</param>
/// <param name="Usager">The usager it is about.</param>
/// <param name="Author">Its author (with an RPPS).</param>
/// <param name="Custodian">The establishment (with a FINESS).</param>
/// <param name="Pdf">The PDF.</param>
public sealed record MsSanteDocument(DocumentReference Reference, int VersionId, Patient Usager, Practitioner Author, Organization Custodian, byte[] Pdf);
