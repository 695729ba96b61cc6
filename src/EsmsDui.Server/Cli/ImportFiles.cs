using Hl7.Fhir.Model;

namespace EsmsDui.Server.Cli;

/// <summary>What the import verb reads and how it packs resources into Bundles.</summary>
internal static class ImportFiles
{
    private static readonly string[] Extensions = [".json", ".ndjson", ".xml"];

    /// <summary>The files named, folders expanded recursively (sorted, so runs are repeatable).</summary>
    public static List<string> Expand(IEnumerable<string> paths, out List<string> missing)
    {
        missing = [];
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                missing.Add(path);
            }
        }

        return files;
    }

    /// <summary>A Bundle that writes each resource: PUT when it has an id (ids are kept), else POST.</summary>
    public static Bundle ToBundle(IEnumerable<Resource> resources, Bundle.BundleType type) => new()
    {
        Type = type,
        Entry = [.. resources.Select(r => new Bundle.EntryComponent
        {
            Resource = r,
            Request = r.Id is null
                ? new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = r.TypeName }
                : new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"{r.TypeName}/{r.Id}" },
        })],
    };
}
