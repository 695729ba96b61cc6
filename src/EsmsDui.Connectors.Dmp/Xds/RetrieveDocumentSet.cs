using System.Xml.Linq;
using EsmsDui.Connectors.Dmp.Soap;
using EsmsDui.Connectors.Documents;

namespace EsmsDui.Connectors.Dmp.Xds;

/// <summary>IHE ITI-43 Retrieve Document Set (the DMP's TD3.2): one document by repository and uniqueId, its content an MTOM part.</summary>
public static class RetrieveDocumentSet
{
    /// <summary>The SOAP action.</summary>
    public const string Action = "urn:ihe:iti:2007:RetrieveDocumentSet";

    private static readonly XNamespace Xdsb = ProvideAndRegister.Xdsb;

    /// <summary>The request for the document <paramref name="uniqueId"/> of <paramref name="repositoryUniqueId"/>.</summary>
    public static XElement Request(string repositoryUniqueId, string uniqueId) =>
        new(Xdsb + "RetrieveDocumentSetRequest", new XAttribute(XNamespace.Xmlns + "xdsb", Xdsb),
            new XElement(Xdsb + "DocumentRequest",
                new XElement(Xdsb + "RepositoryUniqueId", repositoryUniqueId),
                new XElement(Xdsb + "DocumentUniqueId", uniqueId)));

    /// <summary>The document of the answer (its MIME type and content), or the registry's status when there is none.</summary>
    public static (RegistryResponse Status, string? MimeType, byte[]? Content) Read(SoapResponse response, string uniqueId)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = response.BodyContent;
        if (body?.Name != Xdsb + "RetrieveDocumentSetResponse")
        {
            throw new DocumentFormatException("The repository answered without a RetrieveDocumentSetResponse.");
        }

        var status = RegistryResponse.Read(body) ?? throw new DocumentFormatException("The RetrieveDocumentSetResponse has no RegistryResponse.");
        var document = body.Elements(Xdsb + "DocumentResponse").FirstOrDefault(d => d.Element(Xdsb + "DocumentUniqueId")?.Value == uniqueId);
        if (document is null)
        {
            return (status, null, null);
        }

        var content = document.Element(Xdsb + "Document");
        var href = (string?)content?.Element(MtomContent.Xop + "Include")?.Attribute("href");
        byte[] bytes = href is not null
            ? response.Parts.GetValueOrDefault(Uri.UnescapeDataString(href["cid:".Length..])) ?? throw new DocumentFormatException($"The document's xop:Include names a part the answer does not have ({href}).")
            : Convert.FromBase64String(content?.Value ?? string.Empty);
        return (status, document.Element(Xdsb + "mimeType")?.Value, bytes);
    }
}
