using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace EsmsDui.Storage.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add</c> build the SQLite model.</summary>
public sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<EsmsDuiDbContext>
{
    /// <inheritdoc />
    public EsmsDuiDbContext CreateDbContext(string[] args)
    {
        var options = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=design.db" };
        var builder = new DbContextOptionsBuilder<EsmsDuiDbContext>();
        StorageServiceCollectionExtensions.Configure(builder, options);
        return new EsmsDuiDbContext(builder.Options);
    }
}
