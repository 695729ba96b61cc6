using System.Data.Common;
using EsmsDui.Server.Hosting;
using EsmsDui.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EsmsDui.Server.IntegrationTests.Storage;

/// <summary>
/// The schema the migrations build, on each provider that runs here, is the one recorded in <c>Storage/Schema</c>:
/// tables and their columns (type, nullability, default, collation, by name), indexes and constraints. It proved the
/// migrations squashed into one per provider build what the eight before them built; a change of the model must
/// change the record too (<c>ESMSDUI_WRITE_SCHEMA=1</c> rewrites it, to review in the diff).
/// </summary>
public sealed class SchemaTests
{
    [Fact]
    public async Task The_SQLite_migrations_build_the_recorded_schema()
    {
        using var folder = new TemporaryFolder("esmsdui-schema-");
        await MigrateAsync(["--Database:Provider", "Sqlite", "--Database:DataFolder", folder.Path]);
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder.Path, "esmsdui.db")};Pooling=False");
        await connection.OpenAsync();
        var lines = new List<string>();
        foreach (var table in await ColumnAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"))
        {
            lines.AddRange((await RowsAsync(connection, $"SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{table}')")).Order(StringComparer.Ordinal).Select(c => $"{table} column {c}"));
            lines.AddRange((await RowsAsync(connection, $"SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('{table}')")).Order(StringComparer.Ordinal).Select(f => $"{table} foreign key {f}"));
        }

        lines.AddRange((await ColumnAsync(connection, "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")).Select(i => "index " + i));
        await AssertRecordedAsync("sqlite.txt", lines);
    }

    [Fact]
    public async Task The_PostgreSQL_migrations_build_the_recorded_schema()
    {
        var connectionString = (await PostgresCluster.SharedAsync()).ConnectionString("esmsdui_schema_" + Guid.NewGuid().ToString("N")[..8]);
        await MigrateAsync(["--Database:Provider", "PostgreSql", "--Database:ConnectionString", connectionString]);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var lines = new List<string>();
        lines.AddRange((await RowsAsync(connection, """
            SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, column_default, collation_name, is_identity
            FROM information_schema.columns WHERE table_schema = 'public'
            """)).Order(StringComparer.Ordinal).Select(c => "column " + c));
        lines.AddRange((await ColumnAsync(connection, "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'")).Order(StringComparer.Ordinal).Select(i => "index " + i));
        lines.AddRange((await RowsAsync(connection, "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace")).Order(StringComparer.Ordinal).Select(c => "constraint " + c));
        await AssertRecordedAsync("postgresql.txt", lines);
    }

    [Fact]
    public async Task A_database_built_by_migrations_this_version_does_not_have_is_refused_naming_them()
    {
        using var folder = new TemporaryFolder("esmsdui-schema-");
        await MigrateAsync(["--Database:Provider", "Sqlite", "--Database:DataFolder", folder.Path]);
        var database = $"Data Source={Path.Combine(folder.Path, "esmsdui.db")};Pooling=False";
        await using (var connection = new SqliteConnection(database))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO \"__EFMigrationsHistory\" VALUES ('20261202224939_Tenancy', '10.0.15')";
            await command.ExecuteNonQueryAsync();
        }

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => MigrateAsync(["--Database:Provider", "Sqlite", "--Database:DataFolder", folder.Path]));
        Assert.Contains("20261202224939_Tenancy", refusal.Message, StringComparison.Ordinal);
    }

    private static async Task MigrateAsync(string[] settings)
    {
        await using var app = EsmsDuiApp.Build([.. settings, "--Logging:LogLevel:Default", "Warning", "--Database:MigrateOnStartup", "false"]);
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
    }

    private static async Task AssertRecordedAsync(string file, List<string> lines)
    {
        var recorded = Path.Combine(RepositoryFolders.Tests, "EsmsDui.Server.IntegrationTests", "Storage", "Schema", file);
        if (Environment.GetEnvironmentVariable("ESMSDUI_WRITE_SCHEMA") == "1")
        {
            await File.WriteAllLinesAsync(recorded, lines);
        }

        Assert.Equal(await File.ReadAllLinesAsync(recorded), lines);
    }

    private static async Task<List<string>> ColumnAsync(DbConnection connection, string sql) =>
        [.. (await RowsAsync(connection, sql, separator: string.Empty))];

    private static async Task<List<string>> RowsAsync(DbConnection connection, string sql, string separator = " | ")
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(separator, Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }
}
