using System.Xml;
using System.Xml.Linq;

namespace EsmsDui.Connectors.Documents;

/// <summary>XML that comes from outside (mail attachments, records' documents): read with no DTD and no external entity.</summary>
public static class SafeXml
{
    /// <summary>The document in <paramref name="content"/>, or null with the parser's reason.</summary>
    public static XDocument? TryLoad(byte[] content, out string? error)
    {
        ArgumentNullException.ThrowIfNull(content);
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(content), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            error = null;
            return XDocument.Load(reader);
        }
        catch (XmlException exception)
        {
            error = exception.Message;
            return null;
        }
    }
}
