namespace EsmsDui.Storage;

/// <summary>Which database holds the data (configuration section <c>Database</c>).</summary>
public sealed class DatabaseOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Database";

    /// <summary>The provider: <see cref="DatabaseProvider.Sqlite"/> (default), PostgreSql or SqlServer.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>The connection string; for SQLite, empty means a file <c>esmsdui.db</c> in <see cref="DataFolder"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The folder of the embedded SQLite database, created on first run.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>Whether the server applies pending migrations at start-up (the <c>migrate</c> verb always does).</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
