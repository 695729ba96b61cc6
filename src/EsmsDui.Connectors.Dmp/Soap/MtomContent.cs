using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;

namespace EsmsDui.Connectors.Dmp.Soap;

/// <summary>
/// A SOAP 1.2 message packaged with MTOM/XOP (multipart/related; type="application/xop+xml"): the envelope as the
/// root part, each document as a binary part its <c>xop:Include</c> points to by Content-ID.
/// </summary>
public static class MtomContent
{
    /// <summary>The XOP namespace.</summary>
    public static readonly XNamespace Xop = "http://www.w3.org/2004/08/xop/include";

    /// <summary>The Content-ID of the envelope part.</summary>
    public const string RootId = "root.message@esmsdui";

    /// <summary>An <c>xop:Include</c> pointing to the part <paramref name="contentId"/>.</summary>
    public static XElement Include(string contentId) => new(Xop + "Include", new XAttribute(XNamespace.Xmlns + "xop", Xop), new XAttribute("href", "cid:" + Uri.EscapeDataString(contentId)));

    /// <summary>The HTTP content of <paramref name="envelope"/> with its binary <paramref name="parts"/> (Content-ID → bytes).</summary>
    public static HttpContent Write(XDocument envelope, string action, IReadOnlyList<(string ContentId, ReadOnlyMemory<byte> Content)> parts)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(parts);
        var boundary = "MIMEBoundary_" + Guid.NewGuid().ToString("N");
        var content = new MultipartContent("related", boundary);
        content.Headers.ContentType!.Parameters.Add(new NameValueHeaderValue("type", "\"application/xop+xml\""));
        content.Headers.ContentType.Parameters.Add(new NameValueHeaderValue("start", $"\"<{RootId}>\""));
        content.Headers.ContentType.Parameters.Add(new NameValueHeaderValue("start-info", $"\"application/soap+xml; action=\\\"{action}\\\"\""));

        var root = new ByteArrayContent(Encoding.UTF8.GetBytes(envelope.Declaration + envelope.ToString(SaveOptions.DisableFormatting)));
        root.Headers.ContentType = MediaTypeHeaderValue.Parse($"application/xop+xml; charset=UTF-8; type=\"application/soap+xml; action=\\\"{action}\\\"\"");
        root.Headers.Add("Content-Transfer-Encoding", "binary");
        root.Headers.Add("Content-ID", $"<{RootId}>");
        content.Add(root);
        foreach (var (contentId, bytes) in parts)
        {
            var part = new ReadOnlyMemoryContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            part.Headers.Add("Content-Transfer-Encoding", "binary");
            part.Headers.Add("Content-ID", $"<{contentId}>");
            content.Add(part);
        }

        return content;
    }
}
