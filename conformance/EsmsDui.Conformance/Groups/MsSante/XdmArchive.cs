using System.IO.Compression;
using System.Xml.Linq;
using EsmsDui.Conformance.Model;

namespace EsmsDui.Conformance.Groups.MsSante;

/// <summary>An IHE_XDM.ZIP as received (IHE ITI-32): its files and what <c>METADATA.XML</c> says of each document.</summary>
public sealed class XdmArchive
{
    /// <summary>The metadata file of the (single) submission set.</summary>
    public const string Metadata = "IHE_XDM/SUBSET01/METADATA.XML";

    private static readonly XNamespace Rim = "urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0";

    private XdmArchive(Dictionary<string, byte[]> files) => Files = files;

    /// <summary>The archive's files by path (as in the zip, case kept).</summary>
    public IReadOnlyDictionary<string, byte[]> Files { get; }

    /// <summary>Reads the archive; fails the test when it is not a zip.</summary>
    public static XdmArchive Read(byte[] zip)
    {
        try
        {
            using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
            var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var entry in archive.Entries.Where(e => !e.FullName.EndsWith('/')))
            {
                using var stream = entry.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                files[entry.FullName] = copy.ToArray();
            }

            return new XdmArchive(files);
        }
        catch (InvalidDataException ex)
        {
            throw Check.Fail($"The IHE_XDM.ZIP attachment is not a readable zip ({ex.Message}).");
        }
    }

    /// <summary>Each document entry of <c>METADATA.XML</c>: its URI (file name), hash and size slots; fails when the file is missing or unreadable.</summary>
    public IReadOnlyList<(string Uri, string? Hash, string? Size)> Documents()
    {
        var metadata = Files.GetValueOrDefault(Metadata) ?? throw Check.Fail($"{Metadata} is missing.");
        XDocument document;
        try
        {
            document = XDocument.Load(new MemoryStream(metadata));
        }
        catch (System.Xml.XmlException ex)
        {
            throw Check.Fail($"{Metadata} is not XML ({ex.Message}).");
        }

        return [.. document.Descendants(Rim + "ExtrinsicObject").Select(o => (Slot(o, "URI") ?? string.Empty, Slot(o, "hash"), Slot(o, "size")))];
    }

    private static string? Slot(XElement entry, string name) =>
        entry.Elements(Rim + "Slot").FirstOrDefault(s => (string?)s.Attribute("name") == name)?.Descendants(Rim + "Value").FirstOrDefault()?.Value;
}
