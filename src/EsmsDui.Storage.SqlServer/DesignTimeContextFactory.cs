using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace EsmsDui.Storage.SqlServer;

/// <summary>Lets <c>dotnet ef migrations add</c> build the SQL Server model.</summary>
public sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<EsmsDuiDbContext>
{
    /// <inheritdoc />
    public EsmsDuiDbContext CreateDbContext(string[] args)
    {
        var options = new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = "Server=localhost;Database=design;TrustServerCertificate=True" };
        var builder = new DbContextOptionsBuilder<EsmsDuiDbContext>();
        StorageServiceCollectionExtensions.Configure(builder, options);
        return new EsmsDuiDbContext(builder.Options);
    }
}
