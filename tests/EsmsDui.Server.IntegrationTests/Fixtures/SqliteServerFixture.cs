namespace EsmsDui.Server.IntegrationTests.Fixtures;

/// <summary>The server on a real SQLite file in a temporary folder.</summary>
public sealed class SqliteServerFixture : ServerFixture
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "esmsdui-tests-" + Guid.NewGuid().ToString("N"));

    public override string Provider => "Sqlite";

    protected override Task<IReadOnlyDictionary<string, string>> PrepareDatabaseAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:DataFolder"] = _folder,
        });
    }

    protected override Task CleanUpDatabaseAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}
