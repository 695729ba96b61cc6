using System.Text;
using System.Xml.Linq;
using EsmsDui.Connectors.Documents;

namespace EsmsDui.Connectors.Dmp.Soap;

/// <summary>
/// An answer of the DMP: the SOAP envelope, plain (<c>application/soap+xml</c>) or MTOM-packaged
/// (<c>multipart/related</c>, the envelope in the start part), with its binary parts by Content-ID.
/// </summary>
/// <param name="Envelope">The SOAP envelope.</param>
/// <param name="Parts">The other parts, by Content-ID (without angle brackets).</param>
public sealed record SoapResponse(XDocument Envelope, IReadOnlyDictionary<string, byte[]> Parts)
{
    /// <summary>The SOAP body's first element, or null.</summary>
    public XElement? BodyContent => Envelope.Root?.Element(SoapEnvelope.Soap + "Body")?.Elements().FirstOrDefault();

    /// <summary>Reads <paramref name="body"/> as <paramref name="contentType"/> says; throws <see cref="DocumentFormatException"/> when it is no SOAP message.</summary>
    public static SoapResponse Read(string? contentType, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (contentType?.StartsWith("multipart/related", StringComparison.OrdinalIgnoreCase) != true)
        {
            return new SoapResponse(Load(body), new Dictionary<string, byte[]>());
        }

        var boundary = Parameter(contentType, "boundary") ?? throw new DocumentFormatException("The multipart answer has no boundary.");
        var start = Parameter(contentType, "start")?.Trim('<', '>');
        var parts = Split(body, boundary);
        var root = start is null ? parts.FirstOrDefault() : parts.FirstOrDefault(p => p.ContentId == start);
        if (root.Content is null)
        {
            throw new DocumentFormatException("The multipart answer has no root part.");
        }

        return new SoapResponse(Load(root.Content), parts.Where(p => p.ContentId is not null && p != root).ToDictionary(p => p.ContentId!, p => p.Content));
    }

    private static XDocument Load(byte[] content) =>
        SafeXml.TryLoad(content, out var error) ?? throw new DocumentFormatException("The answer is not a readable SOAP message: " + error);

    private static string? Parameter(string contentType, string name)
    {
        foreach (var piece in contentType.Split(';').Skip(1))
        {
            var pair = piece.Split('=', 2);
            if (pair.Length == 2 && pair[0].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return pair[1].Trim().Trim('"');
            }
        }

        return null;
    }

    // The parts between "--boundary" lines, each with its headers (Content-ID kept) and content.
    private static List<(string? ContentId, byte[] Content)> Split(byte[] body, string boundary)
    {
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var parts = new List<(string?, byte[])>();
        var span = body.AsSpan();
        var at = span.IndexOf(delimiter);
        while (at >= 0)
        {
            var after = at + delimiter.Length;
            if (span[after..].StartsWith("--"u8))
            {
                break;
            }

            var next = span[after..].IndexOf(delimiter);
            if (next < 0)
            {
                throw new DocumentFormatException("The multipart answer is not closed.");
            }

            var part = span.Slice(after, next).TrimStart("\r\n"u8);
            var headersEnd = part.IndexOf("\r\n\r\n"u8);
            if (headersEnd < 0)
            {
                throw new DocumentFormatException("A part of the multipart answer has no headers.");
            }

            var headers = Encoding.ASCII.GetString(part[..headersEnd]);
            var content = part[(headersEnd + 4)..];
            if (content.EndsWith("\r\n"u8))
            {
                content = content[..^2];
            }

            var id = headers.Split("\r\n").Select(h => h.Split(':', 2)).FirstOrDefault(h => h.Length == 2 && h[0].Trim().Equals("Content-ID", StringComparison.OrdinalIgnoreCase))?[1].Trim().Trim('<', '>');
            parts.Add((id, content.ToArray()));
            at = after + next;
        }

        return parts;
    }
}
