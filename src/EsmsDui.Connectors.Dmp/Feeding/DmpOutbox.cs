using EsmsDui.Connectors.Dmp.Vihf;
using EsmsDui.Connectors.Dmp.Xds;
using EsmsDui.Connectors.Documents;
using EsmsDui.Connectors.Documents.Xds;
using EsmsDui.Connectors.Records;
using EsmsDui.Dossier.Identity;
using EsmsDui.Dossier.Oppositions;
using EsmsDui.Fhir.Audit;
using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Serialization;
using EsmsDui.Fhir.Tenancy;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EsmsDui.Connectors.Dmp.Feeding;

/// <summary>
/// One pass of the DMP outbox (ADR 0007): each feeding that is due is claimed under If-Match (one node wins), the
/// usager's identity and opposition are asked again, the document version is made and submitted (ITI-41), replacing
/// the current DMP entry of an earlier version of the same document when there is one (found by TD3.1). It ends
/// completed, back in preparation for a later attempt (doubling delays) or stopped with the reason. A feeding whose
/// outcome is unknown (the process stopped, the answer was unreadable or did not come) is settled by asking the DMP for its
/// uniqueId before anything is sent again, so a document is registered once.
/// </summary>
public sealed partial class DmpOutbox(
    IFhirEngine engine,
    FhirSerializer serializer,
    RecordDocumentReader documents,
    UsagerOppositions oppositions,
    DmpXdsClient client,
    AuditTrail audit,
    TenantContext tenant,
    IOptions<DmpOptions> options,
    TimeProvider clock,
    ILogger<DmpOutbox> logger)
{
    /// <summary>Submits the feedings that are due; answers when the next one will be (null: none waits).</summary>
    // Claimed long enough for a query, a submission and the writes around them: a node that dies leaves it to the others after.
    public Task<DateTimeOffset?> DeliverDueAsync(CancellationToken cancellationToken) =>
        ConnectorSending.DeliverDueAsync(engine, serializer, DmpSending.PendingCriteria, clock, (options.Value.Timeout * 3) + TimeSpan.FromSeconds(10), DeliverAsync, cancellationToken);

    private async System.Threading.Tasks.Task DeliverAsync(Communication sending, int versionId, bool inDoubt, CancellationToken cancellationToken)
    {
        var uniqueId = DmpSending.UniqueId(sending);
        RecordDocument document;
        try
        {
            var (documentId, version) = DmpSending.Document(sending) ?? throw new FhirException(FhirErrorKind.Unprocessable, "The feeding names no DocumentReference version (Communication.payload.contentReference).");
            document = await documents.ReadAsync(documentId, version, session: null, cancellationToken);
            // A Communication written through the API is checked as $dmp-send checks a request.
            if (sending.Subject?.Reference != $"Patient/{document.Usager.Id}")
            {
                throw new FhirException(FhirErrorKind.Unprocessable, $"DocumentReference/{documentId} is not about {sending.Subject?.Reference ?? "the feeding's subject"}.");
            }

            if (!UsagerIdentity.MayDiscloseIns(document.Usager))
            {
                throw new FhirException(FhirErrorKind.Unprocessable, $"{sending.Subject.Reference} has no qualified identity (any more): the DMP is fed only with the qualified INS.");
            }
        }
        catch (FhirException exception)
        {
            await FinishAsync(sending, versionId, EventStatus.Stopped, "Nothing was sent: " + exception.Message, 422, null, cancellationToken);
            return;
        }

        if (await oppositions.FindAsync(document.Usager.Id!, OppositionChannel.Dmp, cancellationToken) is { } consent)
        {
            await FinishAsync(sending, versionId, EventStatus.Stopped, $"{sending.Subject!.Reference} opposes the feeding of his DMP (Consent/{consent.Id}): nothing was sent.", 422, null, cancellationToken);
            return;
        }

        OutgoingDocument outgoing;
        VihfContext vihf;
        try
        {
            outgoing = OutgoingDocument.Prepare(document, document.Custodian.Name ?? string.Empty, "DOC0001.XML", replaces: null, clock.GetUtcNow());
            vihf = DmpVihf.Of(document, outgoing, options.Value);
        }
        catch (FhirException exception)
        {
            await FinishAsync(sending, versionId, EventStatus.Stopped, "The document cannot be made: " + exception.Message, 422, null, cancellationToken);
            return;
        }

        var who = $"{vihf.SubjectId} / {vihf.StructureId}";
        try
        {
            // In doubt: the process stopped during an attempt, or an attempt ended without the DMP's answer (a timeout
            // after the DMP took the submission): the DMP says whether it has the document before anything is sent again.
            if ((inDoubt || ConnectorSending.Attempts(sending) > 1) && await client.FindByUniqueIdAsync(vihf, outgoing.Facts.UniqueId, cancellationToken) is { } registered)
            {
                LogFoundInDmp(logger, sending.Id!);
                await FinishAsync(sending, versionId, EventStatus.Completed, null, 200, who, cancellationToken, registered.EntryUuid);
                return;
            }

            var replaced = await CurrentEarlierVersionAsync(document, vihf, cancellationToken);
            if (replaced is not null)
            {
                outgoing = OutgoingDocument.Prepare(document, document.Custodian.Name ?? string.Empty, "DOC0001.XML", replaced.UniqueId, clock.GetUtcNow());
            }

            var submission = new XdsSubmissionSet(
                "urn:uuid:" + Guid.NewGuid(), RecordOids.Derived($"{sending.Id}#dmp-submission/{ConnectorSending.Attempts(sending)}"), RecordOids.Derived(vihf.StructureId + "#source"),
                outgoing.PatientId, clock.GetUtcNow(), outgoing.Author, DmpSending.ContentType, outgoing.Facts.Title, [], [outgoing.Entry],
                replaced is null ? null : new Dictionary<string, string> { [outgoing.Entry.EntryUuid] = replaced.EntryUuid });
            await client.ProvideAndRegisterAsync(submission, new Dictionary<string, ReadOnlyMemory<byte>> { [outgoing.Entry.EntryUuid] = outgoing.Cda }, vihf, cancellationToken);
            var entry = await client.FindByUniqueIdAsync(vihf, outgoing.Facts.UniqueId, cancellationToken);
            await FinishAsync(sending, versionId, EventStatus.Completed, null, 200, who, cancellationToken, entry?.EntryUuid ?? outgoing.Entry.EntryUuid);
        }
        catch (DocumentFormatException exception)
        {
            await FinishAsync(sending, versionId, EventStatus.Stopped, exception.Message, 422, who, cancellationToken);
        }
        catch (DmpCallException exception) when (exception.Failure == DmpFailure.Refused)
        {
            await FinishAsync(sending, versionId, EventStatus.Stopped, exception.Message, 422, who, cancellationToken);
        }
        catch (DmpCallException exception) when (exception.Failure == DmpFailure.Unreadable)
        {
            // The submission may have been registered: it stays in progress, settled by TD3.1 at the next pass.
            ConnectorSending.SetTime(sending, ConnectorSending.ClaimedUntilExtension, clock.GetUtcNow() + options.Value.RetryDelay);
            ConnectorSending.SetError(sending, exception.Message);
            await ConnectorSending.SaveAsync(engine, sending, versionId, cancellationToken);
        }
        catch (DmpCallException exception)
        {
            var attempts = ConnectorSending.Attempts(sending);
            if (attempts >= options.Value.MaxAttempts)
            {
                await FinishAsync(sending, versionId, EventStatus.Stopped, $"{exception.Message} (after {attempts} attempts)", 503, who, cancellationToken);
                return;
            }

            ConnectorSending.SetTime(sending, ConnectorSending.NextAttemptExtension, clock.GetUtcNow() + ConnectorSending.Backoff(options.Value.RetryDelay, attempts));
            await FinishAsync(sending, versionId, EventStatus.Preparation, exception.Message, 503, who, cancellationToken);
        }
    }

    // The DMP's current entry of an earlier version of the same document, which this version replaces (TD3.1).
    private async Task<XdsRegistryEntry?> CurrentEarlierVersionAsync(RecordDocument document, VihfContext vihf, CancellationToken cancellationToken)
    {
        var current = OutgoingDocument.UniqueIdOf(document);
        var earlier = Enumerable.Range(1, Math.Max(document.VersionId - 1, 0)).Select(v => OutgoingDocument.UniqueIdOf(document, v)).Where(u => u != current).Distinct().ToList();
        if (earlier.Count == 0)
        {
            return null;
        }

        var entries = new List<XdsRegistryEntry>();
        foreach (var batch in earlier.Chunk(20))
        {
            entries.AddRange(await client.FindDocumentsByUniqueIdsAsync(vihf, batch, cancellationToken));
        }

        return entries.Where(e => e.Status == StoredQuery.Approved).MaxBy(e => earlier.IndexOf(e.UniqueId));
    }

    private async System.Threading.Tasks.Task FinishAsync(Communication sending, int versionId, EventStatus status, string? error, int auditStatus, string? who, CancellationToken cancellationToken, string? entryUuid = null)
    {
        var now = clock.GetUtcNow();
        sending.Status = status;
        ConnectorSending.SetTime(sending, ConnectorSending.ClaimedUntilExtension, null);
        ConnectorSending.SetError(sending, error);
        if (status == EventStatus.Completed)
        {
            sending.SentElement = new FhirDateTime(now.ToUniversalTime());
            sending.SetExtension(DmpSending.EntryUuidExtension, new FhirString(entryUuid));
        }
        else if (status == EventStatus.Stopped)
        {
            sending.StatusReason = new CodeableConcept { Text = error };
        }

        if (await ConnectorSending.SaveAsync(engine, sending, versionId, cancellationToken) is null)
        {
            LogLostClaim(logger, sending.Id!);
        }

        await audit.RecordAsync(new AuditRecord(
            tenant.TenantId, now, AuditKind.Export, "dmp-send", "C", auditStatus, error, who, null, null,
            [.. new[] { sending.Subject?.Reference, sending.Payload.Select(p => p.Content).OfType<ResourceReference>().FirstOrDefault()?.Reference?.Split("/_history")[0], $"Communication/{sending.Id}" }.OfType<string>()]),
            cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "DMP feeding Communication/{Id} was in doubt and its document is in the DMP: completed without sending again")]
    private static partial void LogFoundInDmp(ILogger logger, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DMP feeding Communication/{Id} was changed by someone else while it was sent; its outcome is in the audit trail")]
    private static partial void LogLostClaim(ILogger logger, string id);
}
