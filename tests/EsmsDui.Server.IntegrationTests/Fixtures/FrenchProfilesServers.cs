namespace EsmsDui.Server.IntegrationTests.Fixtures;

/// <summary>Configuration loading the official French packages from <c>../shared/fhir-packages</c> and requiring FR Core on every Patient.</summary>
public static class FrenchProfiles
{
    public const string FrCorePatient = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient";

    public static readonly string PackageFolder = FindPackages();

    public static IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Fhir:PackageFolders:0", PackageFolder),
        new("Fhir:Validation:RequiredProfiles:Patient:0", FrCorePatient),
        new("Fhir:Validation:WarmUp", "false"),
    ];

    private static string FindPackages()
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

/// <summary>A SQLite server with the French packages loaded.</summary>
public sealed class FrenchProfilesSqliteServer : SqliteServerFixture
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => FrenchProfiles.Settings;
}

/// <summary>A PostgreSQL server with the French packages loaded.</summary>
public sealed class FrenchProfilesPostgresServer : PostgresServerFixture
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => FrenchProfiles.Settings;
}
