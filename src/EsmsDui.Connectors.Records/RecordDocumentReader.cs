using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Serialization;
using Hl7.Fhir.Model;

namespace EsmsDui.Connectors.Records;

/// <summary>
/// Reads what a sending needs from the record, and refuses (422, saying what to fix) a document that cannot be sent:
/// no usager, no PDF, no LOINC type, an author without an RPPS, no establishment with a FINESS.
/// </summary>
public sealed class RecordDocumentReader(IFhirEngine engine, FhirSerializer serializer)
{
    /// <summary>The identifier system of idNatPs (8 + RPPS).</summary>
    public const string IdNatPs = "urn:oid:1.2.250.1.71.4.2.1";

    /// <summary>The identifier system of idNatStruct (1 + FINESS…).</summary>
    public const string IdNatStruct = "urn:oid:1.2.250.1.71.4.2.2";

    /// <summary>The FINESS identifier system FR Core uses.</summary>
    public const string Finess = "https://finess.esante.gouv.fr";

    // Earlier FR Core drafts and some records write it over http: the same register.
    private const string FinessOverHttp = "http://finess.esante.gouv.fr";

    /// <summary>The document <c>DocumentReference/[id]</c> at <paramref name="versionId"/> (null: the current version).</summary>
    public async Task<RecordDocument> ReadAsync(string id, int? versionId, WriteSession? session, CancellationToken cancellationToken)
    {
        var stored = versionId is { } version
            ? await engine.ReadVersionAsync("DocumentReference", id, version, cancellationToken)
            : await engine.ReadAsync("DocumentReference", id, session, cancellationToken);
        var document = (DocumentReference)serializer.ParseJson(stored.Json.Span);
        if (document.Status != DocumentReferenceStatus.Current)
        {
            throw Refused($"DocumentReference/{id} is {document.Status?.ToString().ToLowerInvariant() ?? "without status"}: only a current document is sent.", "DocumentReference.status");
        }

        var attachments = document.Content.Select(c => c.Attachment).OfType<Attachment>().ToList();
        var cdaAttachment = attachments.FirstOrDefault(a => a.ContentType is "application/hl7-cda+xml" or "text/xml" or "application/xml");
        var pdfAttachment = attachments.FirstOrDefault(a => a.ContentType == "application/pdf");
        if (cdaAttachment is null && pdfAttachment is null)
        {
            throw Refused("The document has no PDF nor CDA (DocumentReference.content.attachment with contentType application/pdf, or a CDA as text/xml or application/hl7-cda+xml): the connectors send those.", "DocumentReference.content");
        }

        if (cdaAttachment is null && document.Type?.Coding.FirstOrDefault(c => c.System == "http://loinc.org") is null)
        {
            throw Refused("The document needs a LOINC type (DocumentReference.type, http://loinc.org): it is the CDA code and the XDS typeCode.", "DocumentReference.type");
        }

        var usager = await ReadAsync<Patient>(document.Subject, "Patient", "The document names its usager (DocumentReference.subject, a Patient).", "DocumentReference.subject", session, cancellationToken);
        // A PDF is wrapped in a CDA that names its author by RPPS; a CDA names its own.
        var author = cdaAttachment is null ? await AuthorAsync(document, session, cancellationToken) : null;
        var custodian = await EstablishmentAsync(document.Custodian ?? usager.ManagingOrganization,
            "The document names its establishment (DocumentReference.custodian, or the usager's managingOrganization).", "DocumentReference.custodian", session, cancellationToken);

        return new RecordDocument(
            document, stored.VersionId, usager, author, custodian,
            pdfAttachment is null ? null : await ContentAsync(pdfAttachment, "PDF", session, cancellationToken),
            cdaAttachment is null ? null : await ContentAsync(cdaAttachment, "CDA", session, cancellationToken));
    }

    /// <summary>The usager <c>Patient/[id]</c> and the establishment that holds his record (his managingOrganization, with a FINESS).</summary>
    public async Task<(Patient Usager, Organization Establishment)> ReadUsagerAsync(string id, WriteSession? session, CancellationToken cancellationToken)
    {
        var usager = (Patient)serializer.ParseJson((await engine.ReadAsync("Patient", id, session, cancellationToken)).Json.Span);
        var establishment = await EstablishmentAsync(usager.ManagingOrganization,
            $"Patient/{id} names the establishment that holds his record (Patient.managingOrganization).", "Patient.managingOrganization", session, cancellationToken);
        return (usager, establishment);
    }

    /// <summary>The idNatStruct of an establishment (1 + FINESS when only the FINESS is recorded).</summary>
    public static string? IdNatStructOf(Organization organization) =>
        organization?.Identifier.FirstOrDefault(i => i.System == IdNatStruct)?.Value
        ?? (organization?.Identifier.FirstOrDefault(i => i.System is Finess or FinessOverHttp)?.Value is { } finess ? "1" + finess : null);

    private async Task<Practitioner> AuthorAsync(DocumentReference document, WriteSession? session, CancellationToken cancellationToken)
    {
        foreach (var reference in document.Author)
        {
            var target = reference.Reference;
            if (target?.StartsWith("PractitionerRole/", StringComparison.Ordinal) == true)
            {
                var role = await ReadAsync<PractitionerRole>(reference, "PractitionerRole", string.Empty, "DocumentReference.author", session, cancellationToken);
                target = role.Practitioner?.Reference;
            }

            if (target?.StartsWith("Practitioner/", StringComparison.Ordinal) == true)
            {
                var practitioner = await ReadAsync<Practitioner>(new ResourceReference(target), "Practitioner", string.Empty, "DocumentReference.author", session, cancellationToken);
                if (practitioner.Identifier.Any(i => i.System == IdNatPs && !string.IsNullOrEmpty(i.Value)))
                {
                    return practitioner;
                }
            }
        }

        throw Refused($"The document's author must be a Practitioner (or PractitionerRole) with an RPPS (identifier {IdNatPs}): the CI-SIS header names the author by it.", "DocumentReference.author");
    }

    private async Task<byte[]> ContentAsync(Attachment attachment, string what, WriteSession? session, CancellationToken cancellationToken)
    {
        if (attachment.Data is { Length: > 0 } data)
        {
            return data;
        }

        var url = attachment.Url ?? string.Empty;
        var at = url.LastIndexOf("Binary/", StringComparison.Ordinal);
        if (at < 0 || !(at == 0 || url[at - 1] == '/'))
        {
            throw Refused($"The {what} is neither in the attachment (data) nor in a Binary of this server (url Binary/[id]).", "DocumentReference.content.attachment.url");
        }

        var binary = (Binary)serializer.ParseJson((await engine.ReadAsync("Binary", url[(at + 7)..].Split('/')[0], session, cancellationToken)).Json.Span);
        return binary.Data is { Length: > 0 } content ? content : throw Refused($"Binary/{binary.Id} is empty.", "DocumentReference.content.attachment.url");
    }

    private async Task<Organization> EstablishmentAsync(ResourceReference? reference, string missing, string path, WriteSession? session, CancellationToken cancellationToken)
    {
        var establishment = await ReadAsync<Organization>(reference, "Organization", missing, path, session, cancellationToken);
        return IdNatStructOf(establishment) is null
            ? throw Refused($"Organization/{establishment.Id} has no FINESS (identifier {Finess} or idNatStruct {IdNatStruct}): the CDA custodian and the DMP's structure need one.", path)
            : establishment;
    }

    private async Task<T> ReadAsync<T>(ResourceReference? reference, string type, string missing, string path, WriteSession? session, CancellationToken cancellationToken)
        where T : Resource
    {
        var target = reference?.Reference;
        if (target is null || !target.StartsWith(type + "/", StringComparison.Ordinal))
        {
            throw Refused(missing.Length > 0 ? missing : $"{path} must refer to a {type}.", path);
        }

        var id = target[(type.Length + 1)..].Split('/')[0];
        return (T)serializer.ParseJson((await engine.ReadAsync(type, id, session, cancellationToken)).Json.Span);
    }

    private static FhirException Refused(string message, string path) =>
        new(FhirErrorKind.Unprocessable, message, OperationOutcome.IssueType.BusinessRule, path);
}
