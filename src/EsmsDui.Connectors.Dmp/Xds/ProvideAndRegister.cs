using System.Xml.Linq;
using EsmsDui.Connectors.Dmp.Soap;
using EsmsDui.Connectors.Documents.Xds;

namespace EsmsDui.Connectors.Dmp.Xds;

/// <summary>
/// IHE ITI-41 Provide and Register Document Set-b: the submission's ebRIM metadata and, for each document entry, an
/// <c>xdsb:Document</c> whose content is the MTOM part named after the entry.
/// </summary>
public static class ProvideAndRegister
{
    /// <summary>The XDS.b namespace.</summary>
    public static readonly XNamespace Xdsb = "urn:ihe:iti:xds-b:2007";

    /// <summary>The SOAP action of the request.</summary>
    public const string Action = "urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b";

    /// <summary>The body of the request and its MTOM parts, one per document in the submission's order.</summary>
    /// <param name="metadata">The submission as an ebRIM SubmitObjectsRequest.</param>
    /// <param name="documents">The documents' content, by entryUUID.</param>
    public static (XElement Body, IReadOnlyList<(string ContentId, ReadOnlyMemory<byte> Content)> Parts) Write(XDocument metadata, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> documents)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(documents);
        var submit = metadata.Root ?? throw new ArgumentException("The metadata are empty.", nameof(metadata));
        var parts = new List<(string, ReadOnlyMemory<byte>)>();
        var body = new XElement(Xdsb + "ProvideAndRegisterDocumentSetRequest", new XAttribute(XNamespace.Xmlns + "xdsb", Xdsb), new XElement(submit));
        foreach (var entry in submit.Descendants(XNamespace.Get(XdsIdentifiers.Rim) + "ExtrinsicObject"))
        {
            var entryUuid = (string)entry.Attribute("id")!;
            if (!documents.TryGetValue(entryUuid, out var content))
            {
                throw new ArgumentException($"No content for the document entry {entryUuid}.", nameof(documents));
            }

            var contentId = $"doc{parts.Count}.{entryUuid["urn:uuid:".Length..]}@esmsdui";
            parts.Add((contentId, content));
            body.Add(new XElement(Xdsb + "Document", new XAttribute("id", entryUuid), MtomContent.Include(contentId)));
        }

        return (body, parts);
    }
}
