using EsmsDui.Connectors.Dmp.Feeding;
using EsmsDui.Connectors.Dmp.Vihf;
using EsmsDui.Connectors.Dmp.Xds;
using EsmsDui.Connectors.Documents.Xds;
using EsmsDui.Connectors.Records;
using EsmsDui.Fhir.Access;
using EsmsDui.Fhir.Audit;
using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Operations;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Serialization;
using EsmsDui.Fhir.Tenancy;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace EsmsDui.Connectors.Dmp.Consultation;

/// <summary>
/// <c>POST Patient/[id]/$dmp-fetch</c>: takes the documents of the usager's DMP into his record — the current entries
/// (TD3.1, ITI-18 FindDocuments), each one the record does not hold yet retrieved (TD3.2, ITI-43, checked against its
/// size and hash) and stored as a DocumentReference with its content in a Binary, in one transaction. A document is
/// stored once whatever brought it: one with the same uniqueId in the record (an earlier fetch, an MSSanté mail) or
/// one this server fed is not taken again, but mirrors the DMP's entry again (entryUUID, availability, visibility).
/// At most <see cref="DmpOptions.MaxDocumentsPerFetch"/> new documents per
/// call; the answer says how many are left. The identity traits the DMP returns are not kept.
/// </summary>
public sealed class DmpFetchOperation(
    IFhirEngine engine,
    FhirSerializer serializer,
    RecordDocumentReader records,
    DmpXdsClient client,
    AuditTrail audit,
    TenantContext tenant,
    IOptions<DmpOptions> options,
    TimeProvider clock,
    AccessContext access) : IFhirOperationHandler
{
    /// <summary>Where the operation answers.</summary>
    public static FhirOperationRoute Route { get; } = new(
        "dmp-fetch", "Patient", "https://esmsdui.org/fhir/OperationDefinition/Patient-dmp-fetch",
        TypeLevel: false, InstanceLevel: true, AffectsState: true, typeof(DmpFetchOperation));

    /// <inheritdoc />
    public async Task<FhirResponse> RunAsync(OperationRequest request, string type, string? id, WriteSession? session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(id);
        DmpOperations.EnsureConfigured(options.Value, request, "$dmp-fetch");
        DmpOperations.DemandRecording(access, SmartPermissions.Create, "DocumentReference", "Binary");
        var (usager, establishment) = await records.ReadUsagerAsync(id, session, cancellationToken);
        var vihf = DmpVihf.OfUsager(usager, establishment, options.Value);
        var subject = new ResourceReference($"Patient/{id}");
        var owned = session ?? new WriteSession(isTransaction: true);
        var (stored, known, updated, remaining, tooLarge) = (new List<string>(), 0, 0, 0, new List<string>());
        var mirror = new DmpMirror(engine, serializer);
        try
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            // Archived entries are not taken, but a copy or a feeding of one learns it is archived.
            foreach (var entry in await client.FindDocumentsAsync(vihf, [StoredQuery.Approved, StoredQuery.Archived], cancellationToken))
            {
                if (!seen.Add(entry.UniqueId))
                {
                    known++;
                }
                else if (await IsKnownAsync(entry.UniqueId, cancellationToken))
                {
                    known++;
                    var (copy, version) = await CopyAsync(entry.UniqueId, cancellationToken);
                    updated += await mirror.ApplyAsync(entry, copy, version, always: false, owned, cancellationToken) is null ? 0 : 1;
                }
                else if (entry.Status != StoredQuery.Approved)
                {
                    continue;
                }
                else if (entry.Size > options.Value.MaxDocumentBytes)
                {
                    tooLarge.Add(entry.UniqueId);
                }
                else if (stored.Count >= options.Value.MaxDocumentsPerFetch)
                {
                    remaining++;
                }
                else
                {
                    var content = await client.RetrieveAsync(vihf, entry, cancellationToken);
                    stored.Add(await StoreAsync(entry, content, subject, owned, cancellationToken));
                }
            }
        }
        catch (DmpCallException exception)
        {
            await RecordAsync(id, vihf, DmpOperations.StatusOf(exception), exception.Message, [], cancellationToken);
            throw DmpOperations.Failure(exception, "Nothing was taken into the record");
        }

        if (session is null && owned.Writes.Count > 0)
        {
            await engine.CommitAsync(owned, underIfMatch: false, cancellationToken);
        }

        await RecordAsync(id, vihf, 200, null, stored, cancellationToken);
        var answer = new Parameters();
        answer.Add("stored", new Integer(stored.Count));
        answer.Add("alreadyInRecord", new Integer(known));
        answer.Add("updated", new Integer(updated));
        answer.Add("remaining", new Integer(remaining));
        foreach (var document in stored)
        {
            answer.Add("document", new ResourceReference($"DocumentReference/{document}"));
        }

        foreach (var uniqueId in tooLarge)
        {
            answer.Add("tooLarge", new FhirString(uniqueId));
        }

        return FhirResponse.Ok(answer);
    }

    // Already in the record (fetched, received by MSSanté), or a document this server fed (its DMP entry is its copy).
    private async Task<bool> IsKnownAsync(string uniqueId, CancellationToken cancellationToken) =>
        await ReceivedDocuments.IsStoredAsync(engine, uniqueId, cancellationToken)
        || (await engine.FindAsync("Communication", $"identifier={DmpSending.UniqueIdSystem}|{Uri.EscapeDataString(uniqueId)}", 1, cancellationToken)).Count > 0;

    // The copy taken from the DMP of the document uniqueId, if the record holds one (a mail's copy is not the DMP's).
    private async Task<(DocumentReference? Copy, int Version)> CopyAsync(string uniqueId, CancellationToken cancellationToken)
    {
        var master = ReceivedDocuments.MasterIdentifier(uniqueId);
        var found = await engine.FindAsync("DocumentReference", $"identifier={Uri.EscapeDataString(master.System!)}|{Uri.EscapeDataString(master.Value!)}", 1, cancellationToken);
        return found.Count > 0 && serializer.ParseJson(found[0].Json.Span) is DocumentReference copy && copy.Identifier.Exists(i => i.System == DmpEntryIdentifiers.EntryUuidSystem)
            ? (copy, found[0].VersionId)
            : (null, 0);
    }

    private async Task<string> StoreAsync(XdsRegistryEntry entry, byte[] content, ResourceReference subject, WriteSession session, CancellationToken cancellationToken)
    {
        var document = new DocumentReference
        {
            MasterIdentifier = ReceivedDocuments.MasterIdentifier(entry.UniqueId),
            Identifier = DmpEntryIdentifiers.Of(entry),
            Status = DocumentReferenceStatus.Current,
            Type = entry.Type is { } code ? ReceivedDocuments.Code(code) : null,
            Subject = subject,
            Date = entry.CreationTime,
            Description = entry.Title,
            SecurityLabel = [.. entry.Confidentiality.Select(ReceivedDocuments.Code)],
            Context = entry.ServiceStartTime is { } start ? new DocumentReference.ContextComponent { Period = new Period { StartElement = new FhirDateTime(start) } } : null,
        };
        document.Content.Add(await ReceivedDocuments.ContentAsync(engine, content, entry.MimeType, entry.Title ?? entry.UniqueId, subject, null, session, cancellationToken));
        return (await engine.CreateAsync(document, session, cancellationToken)).Stored.Id;
    }

    private ValueTask RecordAsync(string usager, VihfContext vihf, int status, string? error, List<string> stored, CancellationToken cancellationToken) =>
        audit.RecordAsync(
            new AuditRecord(tenant.TenantId, clock.GetUtcNow(), AuditKind.Import, "dmp-fetch", "C", status, error, $"{vihf.SubjectId} / {vihf.StructureId}", null, null,
                [$"Patient/{usager}", .. stored.Select(s => $"DocumentReference/{s}")]),
            cancellationToken);
}
