using EsmsDui.Connectors.Dmp.Feeding;
using EsmsDui.Connectors.Dmp.Xds;
using EsmsDui.Connectors.Documents.Xds;
using EsmsDui.Connectors.Records;
using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Serialization;
using Hl7.Fhir.Model;

namespace EsmsDui.Connectors.Dmp.Consultation;

/// <summary>
/// The record mirrors what the DMP says of an entry — its entryUUID, availability status and visibility codes — on
/// the feeding (Communication) of a document this server fed, or on the copy (DocumentReference) of a document taken
/// from the DMP.
/// </summary>
public sealed class DmpMirror(IFhirEngine engine, FhirSerializer serializer)
{
    /// <summary>
    /// Writes in <paramref name="session"/> what <paramref name="entry"/> says on its feeding, else on <paramref name="copy"/>
    /// (at <paramref name="copyVersion"/>); unless <paramref name="always"/>, only when the record says something else.
    /// Null when nothing was written.
    /// </summary>
    public async Task<WriteResult?> ApplyAsync(XdsRegistryEntry entry, DocumentReference? copy, int copyVersion, bool always, WriteSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var availability = entry.Status[(entry.Status.LastIndexOf(':') + 1)..];
        var visibility = entry.Confidentiality.Where(c => c.Scheme == UpdateDocumentSet.VisibilitySystem).Select(ReceivedDocuments.Coding).ToList();
        var codes = visibility.Select(v => v.Code).Order(StringComparer.Ordinal).ToList();
        var feeding = await engine.FindAsync("Communication", $"identifier={DmpSending.UniqueIdSystem}|{Uri.EscapeDataString(entry.UniqueId)}&status=completed", 1, cancellationToken);
        if (feeding.Count > 0)
        {
            var sending = (Communication)serializer.ParseJson(feeding[0].Json.Span);
            var same = (sending.GetExtensionValue<FhirString>(DmpSending.EntryUuidExtension)?.Value, sending.GetExtensionValue<Code>(DmpSending.AvailabilityExtension)?.Value) == (entry.EntryUuid, availability)
                && sending.GetExtensions(DmpSending.VisibilityExtension).Select(e => (e.Value as Coding)?.Code).Order(StringComparer.Ordinal).SequenceEqual(codes);
            if (same && !always)
            {
                return null;
            }

            sending.SetExtension(DmpSending.EntryUuidExtension, new FhirString(entry.EntryUuid));
            sending.SetExtension(DmpSending.AvailabilityExtension, new Code(availability));
            sending.RemoveExtension(DmpSending.VisibilityExtension);
            sending.Extension.AddRange(visibility.Select(v => new Extension(DmpSending.VisibilityExtension, v)));
            return await engine.UpdateAsync("Communication", sending.Id!, sending, ETag.Format(feeding[0].VersionId), session, cancellationToken);
        }

        if (copy is null)
        {
            return null;
        }

        var unchanged = copy.Identifier.Any(i => i.System == DmpEntryIdentifiers.EntryUuidSystem && i.Value == entry.EntryUuid)
            && copy.GetExtensionValue<Code>(DmpSending.AvailabilityExtension)?.Value == availability
            && copy.SecurityLabel.SelectMany(l => l.Coding).Where(c => c.System == "urn:oid:" + UpdateDocumentSet.VisibilitySystem).Select(c => c.Code).Order(StringComparer.Ordinal).SequenceEqual(codes);
        if (unchanged && !always)
        {
            return null;
        }

        copy.Identifier.RemoveAll(i => i.System is DmpEntryIdentifiers.EntryUuidSystem or DmpEntryIdentifiers.LogicalIdSystem);
        copy.Identifier.AddRange(DmpEntryIdentifiers.Of(entry));
        copy.SecurityLabel.RemoveAll(l => l.Coding.Exists(c => c.System == "urn:oid:" + UpdateDocumentSet.VisibilitySystem));
        copy.SecurityLabel.AddRange(visibility.Select(v => new CodeableConcept { Coding = [v] }));
        copy.SetExtension(DmpSending.AvailabilityExtension, new Code(availability));
        return await engine.UpdateAsync("DocumentReference", copy.Id!, copy, ETag.Format(copyVersion), session, cancellationToken);
    }
}
