namespace EsmsDui.ArchitectureTests;

/// <summary>The storage asks its provider's dialect, chosen once; only the model (built once per provider) tests which provider it runs on.</summary>
public sealed class StorageDialectTests
{
    private static readonly string[] ProviderTests =
    [
        "Microsoft.EntityFrameworkCore.SqliteDatabaseFacadeExtensions",
        "Microsoft.EntityFrameworkCore.NpgsqlDatabaseFacadeExtensions",
        "Microsoft.EntityFrameworkCore.SqlServerDatabaseFacadeExtensions",
    ];

    [Fact]
    public void Only_the_model_tests_the_provider_at_run_time()
    {
        Assert.Equal(["EsmsDui.Storage.EsmsDuiDbContext"], TypeUses.Of(Path.Combine(AppContext.BaseDirectory, "EsmsDui.Storage.dll"), ProviderTests));
    }
}
