using System.IO.Compression;
using System.Net;
using System.Text;
using EsmsDui.Connectors.Documents.Xds;

namespace EsmsDui.Connectors.Documents.Xdm;

/// <summary>
/// IHE_XDM.ZIP (IHE ITI-32, Distribute Document Set on Media, as MSSanté carries it): written from submissions and
/// their documents, read back with the layout and metadata checked and the size bounded.
/// </summary>
public static class XdmPackage
{
    /// <summary>The attachment file name MSSanté uses.</summary>
    public const string FileName = "IHE_XDM.ZIP";

    /// <summary>Most files a medium may hold when read.</summary>
    public const int MaxFiles = 500;

    /// <summary>Most bytes a medium may unpack to when read (a mail is at most 25 MB for Mon espace santé).</summary>
    public const long MaxUnpackedBytes = 128L * 1024 * 1024;

    /// <summary>
    /// The zip of one subset (<c>IHE_XDM/SUBSET01</c>) holding <paramref name="submission"/> and
    /// <paramref name="contents"/> (one per document entry, in order); <paramref name="sender"/> signs the README.
    /// </summary>
    public static byte[] Write(XdsSubmissionSet submission, IReadOnlyList<byte[]> contents, string sender)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(contents);
        if (contents.Count != submission.Documents.Count)
        {
            throw new ArgumentException($"{contents.Count} contents for {submission.Documents.Count} document entries.", nameof(contents));
        }

        const string folder = XdmLayoutRules.Root + "SUBSET01/";
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["INDEX.HTM"] = Encoding.UTF8.GetBytes(Index(submission, folder)),
            ["README.TXT"] = Encoding.UTF8.GetBytes(Readme(sender)),
        };
        using (var metadata = new MemoryStream())
        {
            EbRimWriter.Write(submission).Save(metadata);
            files[folder + "METADATA.XML"] = metadata.ToArray();
        }

        for (var i = 0; i < contents.Count; i++)
        {
            files[folder + submission.Documents[i].Uri] = contents[i];
        }

        // What is sent follows the rules it will be checked against on arrival.
        var problems = XdmLayoutRules.Check(files);
        if (problems.Count > 0)
        {
            throw new DocumentFormatException("The XDM medium would break the IHE ITI-32 rules: " + string.Join("; ", problems));
        }

        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                var entry = archive.CreateEntry(path, CompressionLevel.Optimal);
                using var stream = entry.Open();
                stream.Write(content);
            }
        }

        return zip.ToArray();
    }

    /// <summary>
    /// The subsets of the zip <paramref name="zip"/>; <see cref="DocumentFormatException"/> saying why when it is not
    /// a zip, is too large, or breaks the layout or the metadata rules.
    /// </summary>
    public static IReadOnlyList<XdmSubset> Read(Stream zip)
    {
        var files = Unpack(zip);
        var problems = XdmLayoutRules.Check(files);
        if (problems.Count > 0)
        {
            throw new DocumentFormatException("IHE_XDM.ZIP breaks the IHE ITI-32 rules: " + string.Join("; ", problems));
        }

        return [.. XdmLayoutRules.Subsets(files.Keys).Select(folder =>
        {
            var submission = EbRimReader.Read(SafeXml.TryLoad(files[folder + "METADATA.XML"], out _)!);
            return new XdmSubset(folder, submission, submission.Documents.ToDictionary(d => d.Uri, d => files[folder + d.Uri], StringComparer.Ordinal));
        })];
    }

    /// <summary>The files of a zip by path (folders left out), bounded by <see cref="MaxFiles"/> and <see cref="MaxUnpackedBytes"/>.</summary>
    public static IReadOnlyDictionary<string, byte[]> Unpack(Stream zip)
    {
        try
        {
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
            if (archive.Entries.Count > MaxFiles)
            {
                throw new DocumentFormatException($"the zip holds {archive.Entries.Count} entries, more than {MaxFiles}");
            }

            var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            long unpacked = 0;
            foreach (var entry in archive.Entries.Where(e => !e.FullName.EndsWith('/')))
            {
                using var stream = entry.Open();
                using var buffer = new MemoryStream();
                // The declared length can lie: the bytes read are what is counted.
                var chunk = new byte[81920];
                int read;
                while ((read = stream.Read(chunk)) > 0)
                {
                    unpacked += read;
                    if (unpacked > MaxUnpackedBytes)
                    {
                        throw new DocumentFormatException($"the zip unpacks to more than {MaxUnpackedBytes / (1024 * 1024)} MB");
                    }

                    buffer.Write(chunk, 0, read);
                }

                if (!files.TryAdd(entry.FullName, buffer.ToArray()))
                {
                    throw new DocumentFormatException($"the zip holds '{entry.FullName}' twice");
                }
            }

            return files;
        }
        catch (InvalidDataException exception)
        {
            throw new DocumentFormatException("IHE_XDM.ZIP is not a readable zip: " + exception.Message, exception);
        }
    }

    private static string Index(XdsSubmissionSet submission, string folder)
    {
        var rows = string.Concat(submission.Documents.Select(d =>
            $"<li><a href=\"{WebUtility.HtmlEncode(folder + d.Uri)}\">{WebUtility.HtmlEncode(d.Title)}</a> ({WebUtility.HtmlEncode(d.MimeType)})</li>"));
        return $"""
            <!DOCTYPE html>
            <html lang="fr"><head><meta charset="utf-8"><title>Documents transmis</title></head><body>
            <h1>Documents transmis</h1>
            <p>Support IHE XDM (ITI-32). Métadonnées : <a href="{folder}METADATA.XML">{folder}METADATA.XML</a>.</p>
            <ul>{rows}</ul>
            </body></html>
            """;
    }

    private static string Readme(string sender) => $"""
        Support de documents IHE XDM (IHE ITI-32, Distribute Document Set on Media).
        Emetteur : {sender}
        Logiciel : EsmsDui (dossier usager informatise)
        Contenu : INDEX.HTM (sommaire), IHE_XDM/SUBSET01/METADATA.XML (metadonnees XDS), documents du sous-ensemble.
        """;
}
