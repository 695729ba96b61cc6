using EsmsDui.Connectors.Dmp.Feeding;
using EsmsDui.Connectors.Dmp.Vihf;
using EsmsDui.Connectors.Dmp.Xds;
using EsmsDui.Connectors.Documents.Xds;
using EsmsDui.Connectors.Records;
using EsmsDui.Fhir.Access;
using EsmsDui.Fhir.Audit;
using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Operations;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Serialization;
using EsmsDui.Fhir.Tenancy;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace EsmsDui.Connectors.Dmp.Consultation;

/// <summary>
/// <c>POST DocumentReference/[id]/$dmp-manage?action=…</c>: what the structure does to the document in the usager's
/// DMP (TD3.3, ITI-57): mask it from the other professionals, hide it from the usager or his legal representatives,
/// archive or delete it. The DMP's current entry of the document is found by its uniqueIds (TD3.1); once the DMP has
/// done it, the record mirrors it: a document this server fed on its feeding Communication, a copy taken from the DMP
/// on the DocumentReference itself (securityLabel, entryUUID), both with the DMP's availability status.
/// </summary>
public sealed class DmpManageOperation(
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
    private static readonly Dictionary<string, DmpDocumentAction> Actions = new(StringComparer.Ordinal)
    {
        ["mask-from-professionals"] = DmpDocumentAction.MaskFromProfessionals,
        ["hide-from-usager"] = DmpDocumentAction.HideFromUsager,
        ["hide-from-legal-representatives"] = DmpDocumentAction.HideFromLegalRepresentatives,
        ["archive"] = DmpDocumentAction.Archive,
        ["delete"] = DmpDocumentAction.Delete,
    };

    /// <summary>Where the operation answers.</summary>
    public static FhirOperationRoute Route { get; } = new(
        "dmp-manage", "DocumentReference", "https://esmsdui.org/fhir/OperationDefinition/DocumentReference-dmp-manage",
        TypeLevel: false, InstanceLevel: true, AffectsState: true, typeof(DmpManageOperation));

    /// <inheritdoc />
    public async Task<FhirResponse> RunAsync(OperationRequest request, string type, string? id, WriteSession? session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(id);
        DmpOperations.EnsureConfigured(options.Value, request, "$dmp-manage", "action");
        DmpOperations.DemandRecording(access, SmartPermissions.Update, "DocumentReference", "Communication");
        var code = request.Input.Text("action");
        if (code is null || !Actions.TryGetValue(code, out var action))
        {
            throw new FhirException(FhirErrorKind.Invalid, $"$dmp-manage needs an action: one of {string.Join(", ", Actions.Keys)}{(code is null ? string.Empty : $" ('{code}' given)")}.", OperationOutcome.IssueType.Required, "action");
        }

        var document = await records.ReadAsync(id, versionId: null, session, cancellationToken);
        var vihf = DmpVihf.OfUsager(document.Usager, document.Custodian, options.Value);
        var who = $"{vihf.SubjectId} / {vihf.StructureId}";
        XdsRegistryEntry current;
        try
        {
            current = await CurrentEntryAsync(document, vihf, cancellationToken)
                ?? throw new FhirException(FhirErrorKind.Unprocessable, $"DocumentReference/{id} is not in the usager's DMP (no current entry for its uniqueId): nothing was asked of the DMP.", OperationOutcome.IssueType.BusinessRule);
            var now = clock.GetUtcNow();
            var header = new XdsSubmissionSet(
                "urn:uuid:" + Guid.NewGuid(), RecordOids.Derived($"{current.EntryUuid}#dmp-manage/{code}/{now.ToUnixTimeMilliseconds()}"), RecordOids.Derived(vihf.StructureId + "#source"),
                vihf.PatientIns, now, Author(vihf, document.Custodian), DmpSending.ContentType, null, [], []);
            await client.UpdateAsync(header, current, action, vihf, cancellationToken);
            current = await client.FindByUniqueIdAsync(vihf, current.UniqueId, cancellationToken) ?? current with { Status = UpdateDocumentSet.StatusOf(action) ?? current.Status };
        }
        catch (DmpCallException exception)
        {
            await RecordAsync(code, document, who, DmpOperations.StatusOf(exception), exception.Message, cancellationToken);
            throw DmpOperations.Failure(exception, $"The DMP did not {code} the document");
        }

        var owned = session ?? new WriteSession(isTransaction: false);
        var mirror = (await new DmpMirror(engine, serializer).ApplyAsync(current, document.Reference, document.VersionId, always: true, owned, cancellationToken))!;
        await RecordAsync(code, document, who, 200, null, cancellationToken);
        return FhirResponse.ForStored(200, mirror.Stored, mirror.Resource, isWrite: true);
    }

    // The DMP's current entry (approved, else archived) among the uniqueIds the document's versions had.
    private async Task<XdsRegistryEntry?> CurrentEntryAsync(RecordDocument document, VihfContext vihf, CancellationToken cancellationToken)
    {
        var uniqueIds = Enumerable.Range(1, document.VersionId).Select(v => OutgoingDocument.UniqueIdOf(document, v)).Distinct().ToList();
        var entries = new List<XdsRegistryEntry>();
        foreach (var batch in uniqueIds.Chunk(20))
        {
            entries.AddRange(await client.FindDocumentsByUniqueIdsAsync(vihf, batch, cancellationToken));
        }

        return entries.Where(e => e.Status == StoredQuery.Approved).MaxBy(e => uniqueIds.IndexOf(e.UniqueId))
            ?? entries.Where(e => e.Status == StoredQuery.Archived).MaxBy(e => uniqueIds.IndexOf(e.UniqueId));
    }

    private static XdsAuthor Author(VihfContext vihf, Organization structure) =>
        new(Hl7V2.Professional(vihf.SubjectId, vihf.SubjectName, null), [Hl7V2.Xon(structure.Name ?? vihf.StructureId, vihf.StructureId)], [], []);

    private ValueTask RecordAsync(string action, RecordDocument document, string who, int status, string? error, CancellationToken cancellationToken) =>
        audit.RecordAsync(
            new AuditRecord(tenant.TenantId, clock.GetUtcNow(), AuditKind.Export, "dmp-manage", "U", status, error is null ? null : $"{action}: {error}", who, null, null,
                [$"Patient/{document.Usager.Id}", $"DocumentReference/{document.Reference.Id}"]),
            cancellationToken);
}
