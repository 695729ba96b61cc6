using EsmsDui.Connectors.Records;
using EsmsDui.Dossier.Oppositions;
using EsmsDui.Fhir.Audit;
using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Serialization;
using EsmsDui.Fhir.Tenancy;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EsmsDui.Connectors.MsSante.Outbox;

/// <summary>
/// One pass of the outbox (ADR 0007): each sending that is due is claimed by an update under If-Match (one node
/// wins), the usager's opposition is asked again, the mail is built and sent; the sending ends completed, back in
/// preparation for a later attempt (doubling delays) or stopped with the reason. A sending found in progress after
/// its claim ran out is in doubt: the operator's copy of sent mails says whether it left, so it leaves only once.
/// </summary>
public sealed partial class MsSanteOutbox(
    IFhirEngine engine,
    FhirSerializer serializer,
    RecordDocumentReader documents,
    UsagerOppositions oppositions,
    MsSanteSmtpSender sender,
    MsSanteImap imap,
    MsSanteMailboxes mailboxes,
    AuditTrail audit,
    TenantContext tenant,
    IOptions<MsSanteOptions> options,
    TimeProvider clock,
    ILogger<MsSanteOutbox> logger)
{
    /// <summary>Delivers the sendings that are due; answers when the next one will be (null: none waits).</summary>
    // Claimed long enough for one SMTP exchange and the writes around it: a node that dies leaves the sending to the others after it.
    public Task<DateTimeOffset?> DeliverDueAsync(CancellationToken cancellationToken) =>
        ConnectorSending.DeliverDueAsync(engine, serializer, MsSanteSending.PendingCriteria, clock, (options.Value.Timeout * 2) + TimeSpan.FromSeconds(10), DeliverAsync, cancellationToken);

    private async System.Threading.Tasks.Task DeliverAsync(Communication sending, int versionId, bool inDoubt, CancellationToken cancellationToken)
    {
        var messageId = MsSanteSending.MessageId(sending)!;
        var usager = sending.Subject?.Reference ?? string.Empty;
        var from = MsSanteSending.SenderMailbox(sending);
        var mailbox = from is null ? mailboxes.ForEstablishment(tenant.TenantId, null) : mailboxes.Find(tenant.TenantId, from);
        if (mailbox is null)
        {
            await FinishAsync(sending, versionId, EventStatus.Stopped, $"The mailbox {from ?? "of this tenant"} is not configured (any more): nothing was sent.", 422, from, cancellationToken);
            return;
        }

        if (inDoubt)
        {
            bool? sent;
            try
            {
                sent = await imap.SentContainsAsync(mailbox, messageId, cancellationToken);
            }
            catch (MsSanteException exception)
            {
                // Still in doubt: it stays in progress (never sent again unchecked) and is looked at after a pause.
                MsSanteSending.SetTime(sending, MsSanteSending.ClaimedUntilExtension, clock.GetUtcNow() + options.Value.RetryDelay);
                MsSanteSending.SetError(sending, "The sent copy could not be checked: " + exception.Message);
                await SaveAsync(sending, versionId, cancellationToken);
                return;
            }

            if (sent == true)
            {
                LogFoundInSent(logger, sending.Id!);
                await FinishAsync(sending, versionId, EventStatus.Completed, null, 200, mailbox.Mailbox, cancellationToken);
                return;
            }

            if (sent is null)
            {
                LogNoSentCopy(logger, sending.Id!, mailbox.Mailbox);
            }
        }

        if (await oppositions.FindAsync(usager.Replace("Patient/", string.Empty, StringComparison.Ordinal), OppositionChannel.MsSante, cancellationToken) is { } consent)
        {
            await FinishAsync(sending, versionId, EventStatus.Stopped, $"{usager} opposes the sending of documents by MSSanté (Consent/{consent.Id}): nothing was sent.", 422, mailbox.Mailbox, cancellationToken);
            return;
        }

        MsSanteMessage message;
        try
        {
            var (documentId, documentVersion) = DocumentOf(sending);
            var document = await documents.ReadAsync(documentId, documentVersion, session: null, cancellationToken);
            // A Communication written through the API is checked as $mssante-send checks a request: whoever could
            // write it for this usager sends this usager's document only, and to MSSanté addresses only.
            if (sending.Subject?.Reference != $"Patient/{document.Usager.Id}")
            {
                throw new FhirException(FhirErrorKind.Unprocessable, $"DocumentReference/{documentId} is not about {sending.Subject?.Reference ?? "the sending's subject"}.");
            }

            var addresses = MsSanteSending.Addresses(sending);
            if (addresses.Count == 0 || !addresses.All(options.Value.IsMsSanteAddress))
            {
                throw new FhirException(FhirErrorKind.Unprocessable, "The sending has no address, or one that is not an MSSanté address.");
            }

            var note = sending.Payload.Select(p => p.Content).OfType<FhirString>().FirstOrDefault()?.Value;
            message = MsSanteMailBuilder.Build(document, mailbox, messageId, MsSanteSending.Addresses(sending), MsSanteSending.NoReply(sending), note, clock.GetUtcNow());
        }
        catch (FhirException exception)
        {
            await FinishAsync(sending, versionId, EventStatus.Stopped, "The mail cannot be made: " + exception.Message, 422, mailbox.Mailbox, cancellationToken);
            return;
        }

        try
        {
            await sender.SendAsync(message, mailbox, cancellationToken);
        }
        catch (MsSanteException exception)
        {
            var attempts = MsSanteSending.Attempts(sending);
            if (exception.Permanent || attempts >= options.Value.MaxAttempts)
            {
                await FinishAsync(sending, versionId, EventStatus.Stopped, exception.Permanent ? exception.Message : $"{exception.Message} (after {attempts} attempts)", exception.Permanent ? 422 : 503, mailbox.Mailbox, cancellationToken);
                return;
            }

            var delay = ConnectorSending.Backoff(options.Value.RetryDelay, attempts);
            MsSanteSending.SetTime(sending, MsSanteSending.NextAttemptExtension, clock.GetUtcNow() + delay);
            await FinishAsync(sending, versionId, EventStatus.Preparation, exception.Message, 503, mailbox.Mailbox, cancellationToken);
            return;
        }

        await FinishAsync(sending, versionId, EventStatus.Completed, null, 200, mailbox.Mailbox, cancellationToken);
    }

    private async System.Threading.Tasks.Task FinishAsync(Communication sending, int versionId, EventStatus status, string? error, int auditStatus, string? mailbox, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        sending.Status = status;
        MsSanteSending.SetTime(sending, MsSanteSending.ClaimedUntilExtension, null);
        MsSanteSending.SetError(sending, error);
        if (status == EventStatus.Completed)
        {
            sending.SentElement = new FhirDateTime(now.ToUniversalTime());
        }
        else if (status == EventStatus.Stopped)
        {
            sending.StatusReason = new CodeableConcept { Text = error };
        }

        if (await SaveAsync(sending, versionId, cancellationToken) is null)
        {
            LogLostClaim(logger, sending.Id!);
        }

        await audit.RecordAsync(new AuditRecord(
            tenant.TenantId, now, AuditKind.Export, "mssante-send", "R", auditStatus, error, mailbox, null, null,
            [.. new[] { sending.Subject?.Reference, sending.Payload.Select(p => p.Content).OfType<ResourceReference>().FirstOrDefault()?.Reference?.Split("/_history")[0], $"Communication/{sending.Id}" }.OfType<string>()]),
            cancellationToken);
    }

    private Task<int?> SaveAsync(Communication sending, int versionId, CancellationToken cancellationToken) =>
        ConnectorSending.SaveAsync(engine, sending, versionId, cancellationToken);

    private static (string Id, int? Version) DocumentOf(Communication sending)
    {
        var reference = sending.Payload.Select(p => p.Content).OfType<ResourceReference>().FirstOrDefault()?.Reference ?? string.Empty;
        var parts = reference.Split('/');
        return parts is ["DocumentReference", var id, "_history", var version] && int.TryParse(version, out var number) ? (id, number)
            : parts is ["DocumentReference", var only] ? (only, null)
            : throw new FhirException(FhirErrorKind.Unprocessable, "The sending names no DocumentReference (Communication.payload.contentReference).");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MSSanté sending Communication/{Id} was in doubt and is in the sent copy: completed without sending again")]
    private static partial void LogFoundInSent(ILogger logger, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MSSanté sending Communication/{Id} was in doubt and {Mailbox} has no sent folder to check: it is sent again")]
    private static partial void LogNoSentCopy(ILogger logger, string id, string mailbox);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MSSanté sending Communication/{Id} was changed by someone else while it was sent; its outcome is in the audit trail")]
    private static partial void LogLostClaim(ILogger logger, string id);
}
