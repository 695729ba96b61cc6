namespace EsmsDui.Server.IntegrationTests.Fixtures;

/// <summary>Configuration loading the official French packages from <c>../shared/fhir-packages</c> and requiring FR Core on every Patient.</summary>
public static class FrenchProfiles
{
    public const string FrCorePatient = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient";

    public static readonly string PackageFolder = Path.Combine(RepositoryFolders.Shared, "fhir-packages");

    public static IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Fhir:PackageFolders:0", PackageFolder),
        new("Fhir:Validation:RequiredProfiles:Patient:0", FrCorePatient),
        new("Fhir:Validation:WarmUp", "false"),
    ];
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
