using System.Xml.Linq;
using EsmsDui.Connectors.Documents;
using EsmsDui.Connectors.Documents.Cda;
using EsmsDui.Connectors.Documents.Xds;
using EsmsDui.Connectors.MsSante.Outbox;
using EsmsDui.Connectors.Records;
using EsmsDui.Fhir.Audit;
using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Serialization;
using EsmsDui.Fhir.Tenancy;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace EsmsDui.Connectors.MsSante.Inbox;

/// <summary>
/// Stores what a received mail carries, in one transaction: each document of its IHE_XDM.ZIP as a DocumentReference
/// with its content in Binary resources (a CDA N1's PDF apart), attached to its usager when the INS and traits match
/// (<see cref="MsSanteUsagerMatcher"/>) or left with a Task for staff; a document already stored (same uniqueId) is
/// skipped. A receipt is recorded on the sending it is about.
/// </summary>
public sealed class MsSanteImporter(
    IFhirEngine engine,
    FhirSerializer serializer,
    MsSanteUsagerMatcher matcher,
    AuditTrail audit,
    TenantContext tenant,
    IOptions<MsSanteOptions> options,
    TimeProvider clock)
{
    /// <summary>The identifier system of the Message-ID of the mail a document came in.</summary>
    public const string ReceivedMessageIdSystem = "https://esmsdui.org/fhir/sid/mssante-received-message-id";

    /// <summary>Stores what <paramref name="received"/> carries.</summary>
    public async Task<MsSanteImportResult> ImportAsync(MsSanteReceived received, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(received);
        if (received.Receipt is { } receipt)
        {
            return new MsSanteImportResult(0, 0, 0, await RecordReceiptAsync(receipt, cancellationToken));
        }

        var session = new WriteSession(isTransaction: true);
        var (attached, toMatch, duplicates) = (0, 0, 0);
        var entities = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var subset in received.Media)
        {
            foreach (var entry in subset.Submission.Documents)
            {
                if (!seen.Add(entry.UniqueId) || await ReceivedDocuments.IsStoredAsync(engine, entry.UniqueId, cancellationToken))
                {
                    duplicates++;
                    continue;
                }

                var content = subset.Documents[entry.Uri];
                var cda = entry.MimeType is "text/xml" or "application/xml" ? Cda(content) : null;
                var identity = cda is null ? ReceivedIdentity.OfMetadata(entry) : ReceivedIdentity.OfCda(cda);
                // A header that breaks the CI-SIS rules is not trusted to name the usager: staff match it.
                var match = cda is not null && CdaHeaderRules.Check(cda) is { Count: > 0 } problems
                    ? new UsagerMatch(null, "its CDA header breaks the CI-SIS rules (" + string.Join("; ", problems) + ")", [])
                    : await matcher.MatchAsync(identity, cancellationToken);
                var stored = await StoreAsync(entry, content, cda, match.PatientId, received, session, cancellationToken);
                entities.AddRange([.. match.PatientId is null ? [] : new[] { $"Patient/{match.PatientId}" }, $"DocumentReference/{stored}"]);
                if (match.PatientId is not null)
                {
                    attached++;
                    continue;
                }

                toMatch++;
                var task = MsSanteStaffTasks.Build(
                    MsSanteStaffTasks.MatchUsager,
                    $"Document « {entry.Title} » reçu par MSSanté de {received.From} : {match.Reason}. Rattachez-le à l'usager à la main.",
                    clock.GetUtcNow(), new ResourceReference($"DocumentReference/{stored}"),
                    [.. IdentityInputs(identity),
                     .. match.Candidates.Select(c => ("candidate", (DataType)new ResourceReference($"Patient/{c}")))]);
                var written = await engine.CreateAsync(task, session, cancellationToken);
                entities.Add($"Task/{written.Stored.Id}");
            }
        }

        await engine.CommitAsync(session, underIfMatch: false, cancellationToken);
        if (session.Writes.Count > 0)
        {
            await audit.RecordAsync(new AuditRecord(tenant.TenantId, clock.GetUtcNow(), AuditKind.Import, "mssante-receive", "C", 200, null, received.From, null, null, entities), cancellationToken);
        }

        return new MsSanteImportResult(attached, toMatch, duplicates, null);
    }

    /// <summary>Leaves a Task for staff about a mail that was quarantined, with the reason.</summary>
    public async Task<string> RecordQuarantineAsync(string mailbox, string? messageId, string from, string subject, string reason, CancellationToken cancellationToken)
    {
        var task = MsSanteStaffTasks.Build(
            MsSanteStaffTasks.Quarantine,
            $"Mail MSSanté de {from} (« {subject} ») mis en quarantaine dans le dossier {options.Value.QuarantineFolder} de la boîte {mailbox} : {reason}.",
            clock.GetUtcNow(), null,
            [("message-id", new FhirString(messageId ?? string.Empty)), ("from", new FhirString(from)), ("reason", new FhirString(reason))]);
        var session = new WriteSession(isTransaction: true);
        var written = await engine.CreateAsync(task, session, cancellationToken);
        await engine.CommitAsync(session, underIfMatch: false, cancellationToken);
        return written.Stored.Id;
    }

    private async Task<string> StoreAsync(XdsDocumentEntry entry, byte[] content, XDocument? cda, string? patientId, MsSanteReceived received, WriteSession session, CancellationToken cancellationToken)
    {
        var usager = patientId is null ? null : new ResourceReference($"Patient/{patientId}");
        var document = new DocumentReference
        {
            MasterIdentifier = ReceivedDocuments.MasterIdentifier(entry.UniqueId),
            Identifier = received.MessageId is { } messageId ? [new Identifier(ReceivedMessageIdSystem, messageId)] : [],
            Status = DocumentReferenceStatus.Current,
            Type = ReceivedDocuments.Code(entry.Type),
            Category = [ReceivedDocuments.Code(entry.Class)],
            Subject = usager,
            Date = entry.CreationTime,
            Description = entry.Title,
            SecurityLabel = [.. entry.Confidentiality.Select(ReceivedDocuments.Code)],
            Author = [new ResourceReference { Display = XcnName(entry.Author.Person) }],
            Context = new DocumentReference.ContextComponent
            {
                Period = new Period(new FhirDateTime(entry.ServiceStartTime), entry.ServiceStopTime is { } stop ? new FhirDateTime(stop) : null),
                FacilityType = ReceivedDocuments.Code(entry.HealthcareFacilityType),
                PracticeSetting = ReceivedDocuments.Code(entry.PracticeSetting),
            },
        };
        document.Content.Add(await ReceivedDocuments.ContentAsync(engine, content, entry.MimeType, entry.Title, usager, ReceivedDocuments.Coding(entry.Format), session, cancellationToken));
        if (cda is not null && CdaN1Document.EmbeddedPdf(cda) is { } pdf)
        {
            document.Content.Add(await ReceivedDocuments.ContentAsync(engine, pdf, "application/pdf", entry.Title, usager, null, session, cancellationToken));
        }

        return (await engine.CreateAsync(document, session, cancellationToken)).Stored.Id;
    }

    private async Task<string?> RecordReceiptAsync(MsSanteReceipt receipt, CancellationToken cancellationToken)
    {
        var messageId = (receipt.OriginalEnvelopeId ?? receipt.OriginalMessageId)?.Trim('<', '>', ' ');
        if (messageId is null)
        {
            return null;
        }

        // Under If-Match, as the outbox writes: a receipt may arrive while the sending is being finished.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var found = await engine.FindAsync("Communication", $"identifier={Uri.EscapeDataString(MsSanteSending.MessageIdSystem)}|{Uri.EscapeDataString(messageId)}", 1, cancellationToken);
            if (found.Count == 0)
            {
                return null;
            }

            var sending = (Communication)serializer.ParseJson(found[0].Json.Span);
            MsSanteSending.AddReceipt(sending, receipt, clock.GetUtcNow());
            try
            {
                var session = new WriteSession(isTransaction: true);
                await engine.UpdateAsync("Communication", sending.Id!, sending, ETag.Format(found[0].VersionId), session, cancellationToken);
                await engine.CommitAsync(session, underIfMatch: true, cancellationToken);
                return $"Communication/{sending.Id}";
            }
            catch (FhirException exception) when (exception.Kind is FhirErrorKind.PreconditionFailed or FhirErrorKind.Conflict)
            {
                await System.Threading.Tasks.Task.Delay(100 * (attempt + 1), cancellationToken);
            }
        }

        throw new FhirException(FhirErrorKind.Conflict, $"The receipt about {messageId} could not be recorded: its sending kept changing.");
    }

    private static IEnumerable<(string Name, DataType Value)> IdentityInputs(ReceivedIdentity identity)
    {
        var values = new (string Name, string? Value)[]
        {
            ("ins", identity.Ins is null ? null : $"{identity.Ins} (urn:oid:{identity.InsOid})"),
            ("birth-name", identity.Family),
            ("birth-given-names", identity.Given),
            ("sex", identity.Gender),
            ("birth-date", identity.BirthDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
        };
        return values.Where(v => v.Value is not null).Select(v => (v.Name, (DataType)new FhirString(v.Value)));
    }

    // A CDA when the content is one (a document whose XML does not parse is stored as it came, without a CDA reading).
    private static XDocument? Cda(byte[] content) =>
        SafeXml.TryLoad(content, out _) is { Root: { } root } document && root.Name == CdaN1Document.V3 + "ClinicalDocument" ? document : null;

    private static string XcnName(string xcn)
    {
        var parts = xcn.Split('^');
        return string.Join(' ', new[] { parts.ElementAtOrDefault(2), parts.ElementAtOrDefault(1) }.Where(p => !string.IsNullOrEmpty(p)));
    }
}
