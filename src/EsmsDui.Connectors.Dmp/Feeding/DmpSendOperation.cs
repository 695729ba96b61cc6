using EsmsDui.Connectors.Dmp.Consultation;
using EsmsDui.Connectors.Records;
using EsmsDui.Dossier.Identity;
using EsmsDui.Dossier.Oppositions;
using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Operations;
using EsmsDui.Fhir.Primitives;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Serialization;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace EsmsDui.Connectors.Dmp.Feeding;

/// <summary>
/// <c>POST DocumentReference/[id]/$dmp-send</c>: feeds the usager's DMP with this version of the document. The
/// feeding is recorded as a <c>Communication</c> in the request's own transaction (202, its Location) and submitted
/// by the outbox worker; a qualified identity, no opposition to DMP feeding and a document that follows the CI-SIS
/// and XDS rules are checked first (422), so nothing that cannot leave is ever recorded.
/// </summary>
public sealed class DmpSendOperation(
    IFhirEngine engine,
    FhirSerializer serializer,
    RecordDocumentReader documents,
    UsagerOppositions oppositions,
    DmpOutboxSignal signal,
    IOptions<DmpOptions> options,
    TimeProvider clock) : IFhirOperationHandler
{
    /// <summary>Where the operation answers.</summary>
    public static FhirOperationRoute Route { get; } = new(
        "dmp-send", "DocumentReference", "https://esmsdui.org/fhir/OperationDefinition/DocumentReference-dmp-send",
        TypeLevel: false, InstanceLevel: true, AffectsState: true, typeof(DmpSendOperation));

    /// <inheritdoc />
    public async Task<FhirResponse> RunAsync(OperationRequest request, string type, string? id, WriteSession? session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(id);
        DmpOperations.EnsureConfigured(options.Value, request, "$dmp-send");

        var document = await documents.ReadAsync(id, versionId: null, session, cancellationToken);
        var usager = document.Usager.Id!;
        if (!UsagerIdentity.MayDiscloseIns(document.Usager))
        {
            throw new FhirException(FhirErrorKind.Unprocessable,
                $"Patient/{usager} has no qualified identity (INS qualifiée): the DMP is fed only with the qualified INS, its key. Qualify the identity (INSi) first; nothing is sent.",
                OperationOutcome.IssueType.BusinessRule, "DocumentReference.subject");
        }

        if (await oppositions.FindAsync(usager, OppositionChannel.Dmp, cancellationToken) is { } consent)
        {
            throw new FhirException(FhirErrorKind.Unprocessable,
                $"Patient/{usager} opposes the feeding of his DMP (Consent/{consent.Id}): nothing is sent.", OperationOutcome.IssueType.BusinessRule, "DocumentReference.subject");
        }

        // Made once now, so that what cannot leave is refused here rather than by the worker.
        var outgoing = OutgoingDocument.Prepare(document, document.Custodian.Name ?? string.Empty, "DOC0001.XML", replaces: null, clock.GetUtcNow());
        var uniqueId = outgoing.Facts.UniqueId;
        foreach (var stored in await engine.FindAsync("Communication", $"identifier={DmpSending.UniqueIdSystem}|{uniqueId}&status=preparation,in-progress,completed", 1, cancellationToken))
        {
            // This version is already (being) sent: the same feeding answers again.
            var existing = (Communication)serializer.ParseJson(stored.Json.Span);
            return new FhirResponse { Status = 200, Resource = existing, Stored = stored, VersionId = stored.VersionId, Location = $"Communication/{existing.Id}" };
        }

        var sending = new Communication
        {
            Identifier = [new Identifier(DmpSending.UniqueIdSystem, uniqueId)],
            Status = EventStatus.Preparation,
            Category = [new CodeableConcept(ConnectorSending.ConnectorSystem, DmpSending.Code, "DMP (Mon espace santé)")],
            Subject = new ResourceReference($"Patient/{usager}"),
            Topic = new CodeableConcept { Text = document.Reference.Description ?? outgoing.Facts.Title },
            Payload = [new Communication.PayloadComponent { Content = new ResourceReference($"DocumentReference/{id}/_history/{document.VersionId}") }],
            Sender = new ResourceReference($"Organization/{document.Custodian.Id}"),
        };
        sending.SetExtension(ConnectorSending.AttemptsExtension, new Integer(0));
        var owned = session ?? new WriteSession(isTransaction: false);
        var communicationId = ResourceIds.New();
        var written = await engine.CreateWithIdAsync(sending, communicationId, owned, cancellationToken);
        signal.Notify();
        return new FhirResponse { Status = 202, Resource = written.Resource, Stored = written.Stored, VersionId = written.Stored.VersionId, Location = $"Communication/{communicationId}" };
    }
}
