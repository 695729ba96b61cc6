using EsmsDui.Connectors.Documents.Cda;
using EsmsDui.Connectors.Documents.Cda.Dlu;
using EsmsDui.Connectors.Records.Rendering;
using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Operations;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Serialization;
using Hl7.Fhir.Model;

namespace EsmsDui.Connectors.Records.Dlu;

/// <summary>
/// <c>POST Patient/[id]/$dlu-document</c>: the resident's document de liaison d'urgence, made from his record as the
/// CI-SIS structured volet DLU-EHPAD 2022.01 (a CDA R2 level 3), kept in a DocumentReference typed LOINC 74207-2
/// whose context.related is the usager. Made again, it is a new version of the same DocumentReference, which a
/// connector sends as the replacement of the earlier one. Inputs: <c>author</c> (who answers for it: a Practitioner
/// or PractitionerRole with an RPPS), <c>preferredHospital</c> (an Organization), <c>comment</c> (free text).
/// </summary>
public sealed class DluDocumentOperation(IFhirEngine engine, FhirSerializer serializer, TimeProvider clock) : IFhirOperationHandler
{
    /// <summary>The LOINC type of the document.</summary>
    public static readonly Coding Type = new("http://loinc.org", DluDocument.Type.Code, DluDocument.Type.Display);

    private static readonly string[] Inputs = ["author", "preferredHospital", "comment"];

    /// <summary>Where the operation answers.</summary>
    public static FhirOperationRoute Route { get; } = new(
        "dlu-document", "Patient", "https://esmsdui.org/fhir/OperationDefinition/Patient-dlu-document",
        TypeLevel: false, InstanceLevel: true, AffectsState: true, typeof(DluDocumentOperation));

    /// <inheritdoc />
    public async Task<FhirResponse> RunAsync(OperationRequest request, string type, string? id, WriteSession? session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(id);
        RecordReads.EnsureOnly(request, "$dlu-document", Inputs);
        var (usager, establishment) = await RecordReads.UsagerAsync(engine, serializer, new ResourceReference($"Patient/{id}"), $"Patient/{id}", "Patient", session, cancellationToken);
        var (authorReference, author) = await RecordReads.AuthorAsync(engine, serializer, request, "$dlu-document", session, cancellationToken);
        var idNatStruct = establishment is null ? null : RecordDocumentReader.IdNatStructOf(establishment);
        if (establishment is null || idNatStruct is null)
        {
            throw Refused($"Patient/{id} names no establishment with a FINESS (Patient.managingOrganization): the DLU's custodian.", "Patient.managingOrganization");
        }

        var medecinTraitant = await RecordReads.MedecinTraitantAsync(engine, serializer, usager, session, cancellationToken) is { } doctor
            ? OutgoingDocument.ProfessionalOf(doctor)
            : throw Refused($"The DLU names the resident's médecin traitant: Patient/{id}.generalPractitioner must refer to a Practitioner with an RPPS.", "Patient.generalPractitioner");

        var content = await new DluRecordReader(engine, serializer).ReadAsync(
            usager, medecinTraitant, await HospitalAsync(request.Input.Value<ResourceReference>("preferredHospital"), session, cancellationToken), request.Input.Text("comment"), cancellationToken);
        var now = clock.GetUtcNow();
        var writer = OutgoingDocument.ProfessionalOf(author);
        var organization = new CdaOrganization(idNatStruct, establishment.Name ?? idNatStruct, CdaOrganization.Essms);
        byte[] Render(string documentId, int version)
        {
            var header = new CdaHeader(
                OutgoingDocument.UniqueIdOf(idNatStruct, documentId, version), OutgoingDocument.SetIdOf(idNatStruct, documentId), version, DluDocument.Type,
                "Document de liaison d'urgence", now, new("N", "2.16.840.1.113883.5.25", "Normal"), OutgoingDocument.PatientOf(usager, establishment),
                writer, organization, writer, now, null, OutgoingDocument.Facility(establishment));
            using var stream = new MemoryStream();
            DluDocument.Write(header, content).Save(stream);
            return stream.ToArray();
        }

        var format = new Coding("urn:oid:" + DluDocument.Format.Scheme, DluDocument.Format.Code, DluDocument.Format.Display);
        var rendered = new RenderedDocument(Type, "Document de liaison d'urgence", $"Patient/{id}", usager, authorReference, null, "text/xml", Render, format);
        return await RenderedDocuments.SaveAsync(engine, serializer, rendered, now, session, cancellationToken);
    }

    private async Task<DluEstablishment?> HospitalAsync(ResourceReference? reference, WriteSession? session, CancellationToken cancellationToken)
    {
        if (reference is null)
        {
            return null;
        }

        if (reference.Reference?.StartsWith("Organization/", StringComparison.Ordinal) != true)
        {
            throw Refused("preferredHospital must refer to an Organization.", "preferredHospital");
        }

        var hospital = await RecordReads.ReadAsync<Organization>(engine, serializer, reference.Reference, session, cancellationToken);
        return new DluEstablishment(hospital.Name ?? hospital.Id!, RecordDocumentReader.IdNatStructOf(hospital), hospital.Telecom.FirstOrDefault(t => t.System == ContactPoint.ContactPointSystem.Phone)?.Value);
    }

    private static FhirException Refused(string message, string path) => new(FhirErrorKind.Unprocessable, message, OperationOutcome.IssueType.BusinessRule, path);
}
