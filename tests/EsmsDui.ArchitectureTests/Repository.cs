namespace EsmsDui.ArchitectureTests;

/// <summary>The repository the tests run from.</summary>
internal static class Repository
{
    /// <summary>The folder holding <c>EsmsDui.sln</c>.</summary>
    public static string Root => EsmsDui.TestSupport.RepositoryFolders.Root;

    /// <summary>The project names (<c>EsmsDui.X</c>) of the <c>.csproj</c> files one level under <paramref name="folder"/>.</summary>
    public static IReadOnlyList<string> Projects(string root, string folder) =>
        Directory.EnumerateFiles(Path.Combine(root, folder), "*.csproj", SearchOption.AllDirectories)
            .Where(p => Path.GetRelativePath(Path.Combine(root, folder), p).Count(c => c == Path.DirectorySeparatorChar) == 1)
            .Select(Path.GetFileNameWithoutExtension)
            .Order(StringComparer.Ordinal)
            .ToList()!;

    /// <summary>
    /// Runs <paramref name="probe"/> on a throw-away repository root whose <paramref name="files"/> (relative path,
    /// content) break a rule, and deletes it after.
    /// </summary>
    public static void WithProbe(IReadOnlyDictionary<string, string> files, Action<string> probe)
    {
        var root = Directory.CreateTempSubdirectory("esmsdui-arch-").FullName;
        try
        {
            foreach (var (path, content) in files)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, path))!);
                File.WriteAllText(Path.Combine(root, path), content);
            }

            probe(root);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
