using System.Globalization;
using System.Xml.Linq;
using EsmsDui.Connectors.Documents.Xds;

namespace EsmsDui.Connectors.Documents.Cda;

/// <summary>
/// Writes a CDA R2 level 1 document embedding a PDF (IHE XDS-SD) with the CI-SIS header: French realm, the
/// CI-SIS and XDS-SD templates, the usager (INS and its traits only for a qualified identity), author by idNatPs,
/// custodian by idNatStruct, legal authenticator, service event and the establishment's sector.
/// </summary>
public static class CdaN1Document
{
    /// <summary>The CDA namespace.</summary>
    public static readonly XNamespace V3 = "urn:hl7-org:v3";

    /// <summary>templateId of the CI-SIS header.</summary>
    public const string CiSisHeaderTemplate = "1.2.250.1.213.1.1.1.1";

    /// <summary>templateId of IHE XDS-SD (scanned document: a PDF or text body).</summary>
    public const string XdsSdTemplate = "1.3.6.1.4.1.19376.1.2.20";

    /// <summary>templateId of the HL7 France realm.</summary>
    public const string FrenchRealmTemplate = "2.16.840.1.113883.2.8.2.1";

    /// <summary>The XDS formatCode of a CDA N1 with a PDF body.</summary>
    public static readonly XdsCode PdfFormat = new("urn:ihe:iti:xds-sd:pdf:2008", "1.3.6.1.4.1.19376.1.2.3", "Document à corps non structuré en Pdf/A-1");

    /// <summary>The document of <paramref name="header"/> with <paramref name="pdf"/> as its body.</summary>
    public static XDocument Write(CdaHeader header, ReadOnlyMemory<byte> pdf) =>
        CdaHeaderWriter.Write(header, new CdaVolet([CdaElements.Template(XdsSdTemplate)]), new XElement(V3 + "nonXMLBody",
            new XElement(V3 + "text", new XAttribute("mediaType", "application/pdf"), new XAttribute("representation", "B64"), Convert.ToBase64String(pdf.Span))));

    /// <summary>The PDF of an XDS-SD body (<c>nonXMLBody</c>, base64 of <c>application/pdf</c>), or null.</summary>
    public static byte[]? EmbeddedPdf(XDocument cda)
    {
        ArgumentNullException.ThrowIfNull(cda);
        var text = cda.Root?.Element(V3 + "component")?.Element(V3 + "nonXMLBody")?.Element(V3 + "text");
        if (text is null || (string?)text.Attribute("mediaType") != "application/pdf" || (string?)text.Attribute("representation") != "B64")
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(text.Value.Trim());
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>A CDA time stamp with its offset, as the CI-SIS requires (<c>20261203101500+0100</c>).</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + (time.Offset < TimeSpan.Zero ? "-" : "+") + time.Offset.ToString("hhmm", CultureInfo.InvariantCulture);
}
