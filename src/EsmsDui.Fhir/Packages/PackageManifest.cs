using System.Text.Json;

namespace EsmsDui.Fhir.Packages;

/// <summary>
/// The packages the server loads, by id and version: <c>profiles/packages.json</c>, <c>{"packages": {"id": "version"}}</c>.
/// </summary>
public static class PackageManifest
{
    /// <summary>
    /// A configured relative path, looked for from the current folder upwards (<c>dotnet run --project</c> runs in
    /// the project's folder and finds <c>profiles/</c> of the repository), then in the application's own folder (a
    /// published server started from elsewhere, e.g. systemd's <c>/</c>, finds the <c>profiles/</c> published with it).
    /// </summary>
    public static string Locate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Path.IsPathRooted(path))
        {
            return path;
        }

        for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.GetFullPath(Path.Combine(folder.FullName, path));
            if (File.Exists(candidate) || Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        var beside = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, path));
        return File.Exists(beside) || Directory.Exists(beside) ? beside : Path.GetFullPath(path);
    }

    /// <summary>The packages a manifest names; an absent file names none.</summary>
    public static async Task<IReadOnlyList<(string Name, string Version)>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        await using var stream = File.OpenRead(path);
        using var document = await JsonDocument.ParseAsync(stream, default, cancellationToken);
        return document.RootElement.TryGetProperty("packages", out var packages) && packages.ValueKind == JsonValueKind.Object
            ? [.. packages.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).Select(p => (p.Name, p.Value.GetString()!))]
            : throw new Errors.FhirException(Errors.FhirErrorKind.Invalid, $"'{path}' has no \"packages\" object of id → version.");
    }
}
