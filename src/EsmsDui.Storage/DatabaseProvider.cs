namespace EsmsDui.Storage;

/// <summary>The supported database engines.</summary>
public enum DatabaseProvider
{
    /// <summary>Embedded SQLite file (the default, nothing to install).</summary>
    Sqlite,
    /// <summary>PostgreSQL (production, scale-out).</summary>
    PostgreSql,
    /// <summary>Microsoft SQL Server (model and migrations only; not run on our machines).</summary>
    SqlServer,
}
