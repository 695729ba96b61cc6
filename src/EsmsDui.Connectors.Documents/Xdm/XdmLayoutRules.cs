using System.Security.Cryptography;
using System.Text.RegularExpressions;
using EsmsDui.Connectors.Documents.Xds;

namespace EsmsDui.Connectors.Documents.Xdm;

/// <summary>
/// Checks the files of an XDM medium against the IHE ITI-32 layout: <c>INDEX.HTM</c> and <c>README.TXT</c> at the
/// root, one or more <c>IHE_XDM/SUBSETnn/METADATA.XML</c> following the XDS metadata rules, every document entry's
/// URI naming a file of its subset whose SHA-1 and size are those of the metadata; safe relative paths only.
/// </summary>
public static partial class XdmLayoutRules
{
    /// <summary>The folder of the submission subsets.</summary>
    public const string Root = "IHE_XDM/";

    /// <summary>What breaks the layout in <paramref name="files"/> (zip paths → content); empty when it follows it.</summary>
    public static IReadOnlyList<string> Check(IReadOnlyDictionary<string, byte[]> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var problems = new List<string>();
        problems.AddRange(files.Keys.Where(p => !IsSafe(p)).Select(p => $"unsafe path '{p}' (absolute, '..', or a backslash)"));
        foreach (var required in new[] { "INDEX.HTM", "README.TXT" })
        {
            if (!files.ContainsKey(required))
            {
                problems.Add($"{required} missing at the root of the medium");
            }
        }

        var subsets = Subsets(files.Keys).ToList();
        if (subsets.Count == 0)
        {
            problems.Add("no IHE_XDM/SUBSETnn/METADATA.XML");
        }

        foreach (var folder in subsets)
        {
            var metadata = SafeXml.TryLoad(files[folder + "METADATA.XML"], out var error);
            if (metadata is null)
            {
                problems.Add($"{folder}METADATA.XML is not XML: {error}");
                continue;
            }

            var rules = XdsMetadataRules.Check(metadata);
            problems.AddRange(rules.Select(r => $"{folder}METADATA.XML: {r}"));
            if (rules.Count > 0)
            {
                continue;
            }

            foreach (var entry in EbRimReader.Read(metadata).Documents)
            {
                if (!IsSafe(entry.Uri) || entry.Uri.Contains('/', StringComparison.Ordinal) || !files.TryGetValue(folder + entry.Uri, out var content))
                {
                    problems.Add($"{folder}: document entry {entry.EntryUuid} names URI '{entry.Uri}', which is not a file of the subset");
                    continue;
                }

                if (content.LongLength != entry.Size)
                {
                    problems.Add($"{folder}{entry.Uri}: {content.LongLength} bytes, the metadata says {entry.Size}");
                }

                if (!string.Equals(Sha1(content), entry.Hash, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{folder}{entry.Uri}: its SHA-1 is not the metadata's hash");
                }
            }
        }

        return problems;
    }

    /// <summary>The SHA-1 of <paramref name="content"/> in lower-case hex, as XDS metadata carries it.</summary>
    public static string Sha1(ReadOnlySpan<byte> content) =>
#pragma warning disable CA5350 // XDS metadata defines the document hash as SHA-1; it identifies, it does not protect.
        Convert.ToHexStringLower(SHA1.HashData(content));
#pragma warning restore CA5350

    /// <summary>The subset folders (<c>IHE_XDM/SUBSETnn/</c>) that hold a METADATA.XML, in order.</summary>
    public static IEnumerable<string> Subsets(IEnumerable<string> paths) =>
        paths.Select(p => SubsetMetadata().Match(p)).Where(m => m.Success).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);

    private static bool IsSafe(string path) =>
        path.Length > 0 && path[0] != '/' && !path.Contains('\\', StringComparison.Ordinal) && !path.Split('/').Contains("..") && !path.Contains(':', StringComparison.Ordinal);

    [GeneratedRegex("^(IHE_XDM/SUBSET[0-9]{2,}/)METADATA\\.XML$")]
    private static partial Regex SubsetMetadata();
}
