namespace EsmsDui.Fhir.UnitTests.Packages;

/// <summary>Where the official packages are: <c>../shared/fhir-packages</c> next to the repository (never copied into it).</summary>
internal static class SharedPackages
{
    public static readonly string Folder = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "EsmsDui.sln")))
            {
                return Path.GetFullPath(Path.Combine(folder.FullName, "..", "shared", "fhir-packages"));
            }
        }

        throw new InvalidOperationException("EsmsDui.sln not found above the test folder.");
    }
}
