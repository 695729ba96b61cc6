using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Serialization;
using Hl7.Fhir.Model;

namespace EsmsDui.Connectors.Records.Rendering;

/// <summary>A document rendered from the record (a PDF, or a CDA made here), with what its DocumentReference says.</summary>
/// <param name="Type">The LOINC type (JDV_J07-XdsTypeCode-CISIS).</param>
/// <param name="Description">The title.</param>
/// <param name="Source">The resource it was rendered from (DocumentReference.context.related).</param>
/// <param name="Usager">The usager it is about.</param>
/// <param name="Author">Who wrote what it shows (a Practitioner or PractitionerRole), when known.</param>
/// <param name="Period">The period it covers, when it has one.</param>
/// <param name="ContentType">Its MIME type.</param>
/// <param name="Render">Its content, given the DocumentReference's id and the version it becomes (a CDA names itself by them).</param>
/// <param name="Format">Its format (an XDS formatCode), when it has one.</param>
public sealed record RenderedDocument(
    Coding Type, string Description, string Source, Patient Usager, ResourceReference? Author, Period? Period, string ContentType, Func<string, int, byte[]> Render, Coding? Format = null)
{
    /// <summary>A rendered PDF.</summary>
    public static RenderedDocument OfPdf(Coding type, string description, string source, Patient usager, ResourceReference? author, Period? period, byte[] pdf) =>
        new(type, description, source, usager, author, period, "application/pdf", (_, _) => pdf);
}

/// <summary>
/// Where rendered documents are kept: one DocumentReference per source and type, a new version at each rendering
/// (so that a connector sends it as the replacement of the earlier version), its content in a Binary of the usager.
/// </summary>
public static class RenderedDocuments
{
    /// <summary>Records <paramref name="rendered"/> in <paramref name="session"/> (committed here when null): 201 the first time, 200 for a new version.</summary>
    public static async Task<FhirResponse> SaveAsync(IFhirEngine engine, FhirSerializer serializer, RenderedDocument rendered, DateTimeOffset now, WriteSession? session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(rendered);
        var owned = session ?? new WriteSession(isTransaction: true);
        var existing = await engine.FindReachableAsync("DocumentReference", $"related={rendered.Source}&type={rendered.Type.System}|{rendered.Type.Code}", 1, cancellationToken);
        var document = existing.Count > 0 ? (DocumentReference)serializer.ParseJson(existing[0].Json.Span) : new DocumentReference();
        var usager = new ResourceReference($"Patient/{rendered.Usager.Id}");
        document.Status = DocumentReferenceStatus.Current;
        document.Type = new CodeableConcept { Coding = [rendered.Type], Text = rendered.Type.Display };
        document.Subject = usager;
        document.DateElement = new Instant(now);
        document.Author = rendered.Author is null ? [] : [rendered.Author];
        document.Custodian = rendered.Usager.ManagingOrganization;
        document.Description = rendered.Description;
        document.Context = new DocumentReference.ContextComponent { Period = rendered.Period, Related = [new ResourceReference(rendered.Source)] };
        // The version this write makes: the one after the current under If-Match, or the first of a new id.
        var id = existing.Count > 0 ? document.Id! : Guid.NewGuid().ToString();
        var version = existing.Count > 0 ? existing[0].VersionId + 1 : 1;
        var content = await ReceivedDocuments.ContentAsync(engine, rendered.Render(id, version), rendered.ContentType, rendered.Description, usager, null, owned, cancellationToken);
        content.Attachment.CreationElement = new FhirDateTime(now);
        content.Format = rendered.Format;
        document.Content = [content];
        var written = existing.Count > 0
            ? await engine.UpdateAsync("DocumentReference", id, document, ETag.Format(existing[0].VersionId), owned, cancellationToken)
            : await engine.CreateWithIdAsync(document, id, owned, cancellationToken);
        if (session is null)
        {
            await engine.CommitAsync(owned, underIfMatch: existing.Count > 0, cancellationToken);
        }

        return FhirResponse.ForStored(existing.Count > 0 ? 200 : 201, written.Stored, written.Resource, isWrite: true);
    }
}
