namespace EsmsDui.Server.IntegrationTests.Fixtures;

/// <summary>One SQLite-backed server shared by the test classes of this collection.</summary>
[CollectionDefinition(Name)]
public sealed class SqliteServers : ICollectionFixture<SqliteServerFixture>
{
    public const string Name = "sqlite server";
}

/// <summary>One PostgreSQL-backed server shared by the test classes of this collection.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresServers : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "postgresql server";
}

/// <summary>Tests that measure the process (memory) and so must not run beside others.</summary>
[CollectionDefinition(Robustness.FuzzTests.Name, DisableParallelization = true)]
public sealed class AloneTests
{
}

/// <summary>One SQLite-backed server with the French packages, shared by the test classes of this collection.</summary>
[CollectionDefinition(Name)]
public sealed class FrenchProfilesSqliteServers : ICollectionFixture<FrenchProfilesSqliteServer>
{
    public const string Name = "sqlite server with French profiles";
}

/// <summary>One PostgreSQL-backed server with the French packages, shared by the test classes of this collection.</summary>
[CollectionDefinition(Name)]
public sealed class FrenchProfilesPostgresServers : ICollectionFixture<FrenchProfilesPostgresServer>
{
    public const string Name = "postgresql server with French profiles";
}

/// <summary>The two MSSanté-connected servers on one real mail service, shared by the MSSanté test classes.</summary>
[CollectionDefinition(Name)]
public sealed class MsSanteServers : ICollectionFixture<MsSanteConnectedServers>
{
    public const string Name = "mssante servers";
}
