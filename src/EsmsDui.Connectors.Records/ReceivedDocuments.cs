using System.Security.Cryptography;
using EsmsDui.Connectors.Documents.Xds;
using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Resources;
using Hl7.Fhir.Model;

namespace EsmsDui.Connectors.Records;

/// <summary>
/// Documents that come into the record from outside (an MSSanté mail, the usager's DMP): how they are stored so that
/// one document, whatever the channel it came by, is stored once — its uniqueId is the DocumentReference's
/// masterIdentifier, and the content goes in a Binary bound to the usager.
/// </summary>
public static class ReceivedDocuments
{
    /// <summary>The identifier system of a URI (an OID uniqueId as <c>urn:oid:…</c>).</summary>
    public const string Rfc3986 = "urn:ietf:rfc:3986";

    /// <summary>The masterIdentifier of the document <paramref name="uniqueId"/>: an OID is a URI (<c>urn:oid:…</c>); <c>root^extension</c> is the extension in the root's namespace.</summary>
    public static Identifier MasterIdentifier(string uniqueId)
    {
        ArgumentNullException.ThrowIfNull(uniqueId);
        return uniqueId.Split('^') is [var root, var extension] ? new Identifier("urn:oid:" + root, extension) : new Identifier(Rfc3986, "urn:oid:" + uniqueId);
    }

    /// <summary>Whether the record holds a DocumentReference of the document <paramref name="uniqueId"/> (whoever may read it).</summary>
    public static async Task<bool> IsStoredAsync(IFhirEngine engine, string uniqueId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var master = MasterIdentifier(uniqueId);
        var criteria = $"identifier={Uri.EscapeDataString(master.System!)}|{Uri.EscapeDataString(master.Value!)}";
        return (await engine.FindAsync("DocumentReference", criteria, 1, cancellationToken)).Count > 0;
    }

    /// <summary>An XDS code as a FHIR Coding (LOINC by its URI, other systems by their OID).</summary>
    public static Coding Coding(XdsCode code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return new Coding(code.Scheme == "2.16.840.1.113883.6.1" ? "http://loinc.org" : "urn:oid:" + code.Scheme, code.Code, code.Display);
    }

    /// <summary>An XDS code as a CodeableConcept.</summary>
    public static CodeableConcept Code(XdsCode code) => new() { Coding = [Coding(code)] };

    /// <summary>Stores <paramref name="data"/> (received or rendered) as a Binary of the usager in <paramref name="session"/> and answers the attachment that points to it.</summary>
    public static async Task<DocumentReference.ContentComponent> ContentAsync(
        IFhirEngine engine, byte[] data, string contentType, string title, ResourceReference? usager, Coding? format, WriteSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(data);
        var binary = new Binary { ContentType = contentType, Data = data, SecurityContext = usager };
        var written = await engine.CreateAsync(binary, session, cancellationToken);
        return new DocumentReference.ContentComponent
        {
            Attachment = new Attachment
            {
                ContentType = contentType,
                Url = $"Binary/{written.Stored.Id}",
                // Not Size: in the R4 SDK (6.8) it makes an Integer64, written as a JSON string the R4 parser refuses.
                SizeElement = new UnsignedInt(data.Length),
#pragma warning disable CA5350 // FHIR defines Attachment.hash as SHA-1.
                Hash = SHA1.HashData(data),
#pragma warning restore CA5350
                Title = title,
                Language = "fr-FR",
            },
            Format = format,
        };
    }
}
