namespace EsmsDui.Fhir.Packages;

/// <summary>Finds the packages in folders: <c>.tgz</c> files and unpacked <c>&lt;id&gt;#&lt;version&gt;/package/</c> folders.</summary>
public static class PackageCatalog
{
    /// <summary>Every package readable in the folders (not their subfolders' archives); unreadable ones are reported in <paramref name="problems"/>.</summary>
    public static async Task<IReadOnlyList<FhirPackage>> ScanAsync(IEnumerable<string> folders, List<string> problems, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folders);
        ArgumentNullException.ThrowIfNull(problems);
        var packages = new List<FhirPackage>();
        foreach (var folder in folders)
        {
            if (!Directory.Exists(folder))
            {
                problems.Add($"package folder '{folder}' does not exist");
                continue;
            }

            var archives = Directory.EnumerateFiles(folder, "*.tgz").Order(StringComparer.Ordinal).Select(path => (path, archive: true));
            var unpacked = Directory.EnumerateDirectories(folder).Where(d => File.Exists(Path.Combine(d, "package", "package.json"))).Order(StringComparer.Ordinal).Select(path => (path, archive: false));
            foreach (var (path, archive) in archives.Concat(unpacked))
            {
                try
                {
                    packages.Add(archive ? await FhirPackageReader.ReadArchiveAsync(path, cancellationToken) : await FhirPackageReader.ReadFolderAsync(path, cancellationToken));
                }
                catch (Exception ex) when (ex is Errors.FhirException or IOException or InvalidDataException or UnauthorizedAccessException)
                {
                    problems.Add(ex.Message);
                }
            }
        }

        return packages;
    }
}
