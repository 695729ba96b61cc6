using System.Xml.Linq;
using EsmsDui.Connectors.Documents.Cda.Dlu;
using EsmsDui.Connectors.Documents.Xds;

namespace EsmsDui.Connectors.Documents.Cda;

/// <summary>The XDS formatCode of a CDA document, from its templateIds (ASS_A11-CorresModeleCDA-XdsFormatCode-CISIS).</summary>
public static class CdaFormats
{
    /// <summary>IHE's format code for a document whose MIME type says all (a structured CDA of no volet known here).</summary>
    public static readonly XdsCode MimeTypeSufficient = new("urn:ihe:iti:xds:2017:mimeTypeSufficient", "1.3.6.1.4.1.19376.1.2.3", "Format from mimeType");

    /// <summary>The formatCode of <paramref name="cda"/>.</summary>
    public static XdsCode Of(XDocument cda)
    {
        ArgumentNullException.ThrowIfNull(cda);
        var templates = cda.Root?.Elements(CdaN1Document.V3 + "templateId").Select(t => (string?)t.Attribute("root")).ToHashSet() ?? [];
        return templates.Contains(DluDocument.Template) ? DluDocument.Format
            : CdaN1Document.EmbeddedPdf(cda) is not null ? CdaN1Document.PdfFormat
            : MimeTypeSufficient;
    }
}
