using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using EsmsDui.Fhir.Errors;

namespace EsmsDui.Fhir.Packages;

/// <summary>
/// Reads standard FHIR NPM packages: a <c>.tgz</c> (one <c>package/</c> folder with <c>package.json</c> and one JSON
/// file per resource) or the same layout unpacked in a package-cache folder (<c>&lt;id&gt;#&lt;version&gt;/package/…</c>).
/// </summary>
public static class FhirPackageReader
{
    /// <summary>Reads a <c>.tgz</c> package.</summary>
    public static async Task<FhirPackage> ReadArchiveAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        JsonElement? manifest = null;
        var resources = new List<PackageResource>();
        while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (entry.DataStream is null || entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
            {
                continue;
            }

            var name = entry.Name.Replace('\\', '/');
            if (name == "package/package.json")
            {
                manifest = await ReadJsonAsync(entry.DataStream, path, cancellationToken);
            }
            else if (IsResourceFile(name) && await IndexAsync(name, entry.DataStream, path, cancellationToken) is { } resource)
            {
                resources.Add(resource);
            }
        }

        return Package(manifest ?? throw Invalid(path, "it has no package/package.json"), path, resources);
    }

    /// <summary>Reads an unpacked package: the folder holding <c>package/package.json</c>.</summary>
    public static async Task<FhirPackage> ReadFolderAsync(string folder, CancellationToken cancellationToken)
    {
        var packageFolder = Path.Combine(folder, "package");
        var manifestPath = Path.Combine(packageFolder, "package.json");
        if (!File.Exists(manifestPath))
        {
            throw Invalid(folder, "it has no package/package.json");
        }

        JsonElement manifest;
        await using (var stream = File.OpenRead(manifestPath))
        {
            manifest = await ReadJsonAsync(stream, manifestPath, cancellationToken);
        }

        var resources = new List<PackageResource>();
        foreach (var file in Directory.EnumerateFiles(packageFolder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = "package/" + Path.GetRelativePath(packageFolder, file).Replace('\\', '/');
            if (IsResourceFile(name))
            {
                await using var stream = File.OpenRead(file);
                if (await IndexAsync(name, stream, file, cancellationToken) is { } resource)
                {
                    resources.Add(resource);
                }
            }
        }

        return Package(manifest, folder, resources);
    }

    // Resources of the package proper and of its example folder; not package.json, .index.json or other/ (IG build files).
    private static bool IsResourceFile(string name) =>
        name.EndsWith(".json", StringComparison.Ordinal)
        && name.StartsWith("package/", StringComparison.Ordinal)
        && !name.EndsWith("package.json", StringComparison.Ordinal)
        && !name.Contains("/.", StringComparison.Ordinal)
        && !name.StartsWith("package/other/", StringComparison.Ordinal)
        && !name.StartsWith("package/openapi/", StringComparison.Ordinal);

    private static async Task<PackageResource?> IndexAsync(string name, Stream stream, string source, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        var json = await ReadJsonAsync(new MemoryStream(buffer.GetBuffer(), 0, (int)buffer.Length, writable: false), source, cancellationToken);
        return json.ValueKind == JsonValueKind.Object && json.TryGetProperty("resourceType", out var type) && type.ValueKind == JsonValueKind.String
            ? new PackageResource(name, type.GetString()!, Text(json, "id"), Text(json, "url"), Text(json, "version")) { CompressedJson = Compress(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) }
            : null;
    }

    private static byte[] Compress(ReadOnlySpan<byte> json)
    {
        var output = new byte[System.IO.Compression.BrotliEncoder.GetMaxCompressedLength(json.Length)];
        // Quality 4, window 22: fast enough to load every package in about a second.
        return System.IO.Compression.BrotliEncoder.TryCompress(json, output, out var written, quality: 4, window: 22)
            ? output[..written]
            : throw new InvalidOperationException("Brotli could not compress a package resource.");
    }

    private static FhirPackage Package(JsonElement manifest, string source, List<PackageResource> resources)
    {
        var name = Text(manifest, "name") ?? throw Invalid(source, "package.json has no name");
        var version = Text(manifest, "version") ?? throw Invalid(source, "package.json has no version");
        var dependencies = manifest.TryGetProperty("dependencies", out var deps) && deps.ValueKind == JsonValueKind.Object
            ? deps.EnumerateObject().Where(d => d.Value.ValueKind == JsonValueKind.String).ToDictionary(d => d.Name, d => d.Value.GetString()!, StringComparer.Ordinal)
            : [];
        return new FhirPackage(name, version, dependencies, source, resources);
    }

    private static string? Text(JsonElement json, string property) =>
        json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static async Task<JsonElement> ReadJsonAsync(Stream stream, string source, CancellationToken cancellationToken)
    {
        try
        {
            // Some published files start with a byte-order mark; JsonDocument skips it.
            using var document = await JsonDocument.ParseAsync(stream, default, cancellationToken);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw Invalid(source, $"a file is not JSON ({ex.Message})");
        }
    }

    private static FhirException Invalid(string source, string reason) =>
        new(FhirErrorKind.Invalid, $"'{source}' is not a readable FHIR package: {reason}.");
}
