namespace EsmsDui.Server.IntegrationTests.Fixtures;

/// <summary>The server on a real PostgreSQL cluster started for the test run (see <see cref="PostgresCluster"/>).</summary>
public class PostgresServerFixture : ServerFixture
{
    private readonly string _database;

    /// <summary>A server on a new database of the cluster.</summary>
    public PostgresServerFixture()
        : this("esmsdui_" + Guid.NewGuid().ToString("N")[..12])
    {
    }

    /// <summary>A server on <paramref name="database"/>, which other servers (nodes) may share.</summary>
    protected PostgresServerFixture(string database) => _database = database;

    public override string Provider => "PostgreSql";

    protected override async Task<IReadOnlyDictionary<string, string>> PrepareDatabaseAsync()
    {
        var cluster = await PostgresCluster.SharedAsync();
        return new Dictionary<string, string>
        {
            ["Database:Provider"] = "PostgreSql",
            ["Database:ConnectionString"] = cluster.ConnectionString(_database),
        };
    }

    protected override Task CleanUpDatabaseAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        return Task.CompletedTask;
    }
}
