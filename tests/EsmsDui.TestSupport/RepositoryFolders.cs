namespace EsmsDui.TestSupport;

/// <summary>The folders of the repository the tests run from (and of <c>../shared</c> beside it).</summary>
public static class RepositoryFolders
{
    /// <summary>The folder holding <c>EsmsDui.sln</c>.</summary>
    public static string Root { get; } = Find();

    /// <summary>The repository's <c>tests</c> folder.</summary>
    public static string Tests => Path.Combine(Root, "tests");

    /// <summary>The shared folder beside the repository (FHIR packages, CDA validator).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "EsmsDui.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("EsmsDui.sln not found above " + AppContext.BaseDirectory);
    }
}
