using EsmsDui.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EsmsDui.Server.IntegrationTests.Storage;

public sealed class MigrationTests
{
    /// <summary>SQL Server cannot run here: its model and migrations are checked by generating their DDL.</summary>
    [Fact]
    public void Sql_server_migrations_generate_the_schema_ddl()
    {
        using var context = Context(DatabaseProvider.SqlServer, "Server=127.0.0.1;Database=esmsdui;TrustServerCertificate=True");

        var script = context.GetService<IMigrator>().GenerateScript();

        Assert.Contains("CREATE TABLE [resource_versions]", script);
        Assert.Contains("CREATE UNIQUE INDEX [IX_resource_versions_ResourceType_LogicalId_VersionId_TenantId]", script);
        Assert.Contains("[LastUpdated] datetime2 NOT NULL", script);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "Data Source=unused.db")]
    [InlineData(DatabaseProvider.PostgreSql, "Host=127.0.0.1;Database=unused")]
    [InlineData(DatabaseProvider.SqlServer, "Server=127.0.0.1;Database=unused;TrustServerCertificate=True")]
    public void Migrations_of_every_provider_match_the_current_model(DatabaseProvider provider, string connectionString)
    {
        using var context = Context(provider, connectionString);
        Assert.NotEmpty(context.Database.GetMigrations());
        IModel snapshot = context.GetService<IMigrationsAssembly>().ModelSnapshot!.Model;
        if (snapshot is IMutableModel mutable)
        {
            snapshot = mutable.FinalizeModel();
        }

        snapshot = context.GetService<IModelRuntimeInitializer>().Initialize(snapshot);
        Assert.False(
            context.GetService<IMigrationsModelDiffer>().HasDifferences(snapshot.GetRelationalModel(), context.GetService<IDesignTimeModel>().Model.GetRelationalModel()),
            $"The {provider} migrations are behind the model: add a migration (see README).");
    }

    private static EsmsDuiDbContext Context(DatabaseProvider provider, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<EsmsDuiDbContext>();
        StorageServiceCollectionExtensions.Configure(builder, new DatabaseOptions { Provider = provider, ConnectionString = connectionString });
        return new EsmsDuiDbContext(builder.Options);
    }
}
