using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace EsmsDui.Storage.PostgreSql;

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL model.</summary>
public sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<EsmsDuiDbContext>
{
    /// <inheritdoc />
    public EsmsDuiDbContext CreateDbContext(string[] args)
    {
        var options = new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = "Host=localhost;Database=design" };
        var builder = new DbContextOptionsBuilder<EsmsDuiDbContext>();
        StorageServiceCollectionExtensions.Configure(builder, options);
        return new EsmsDuiDbContext(builder.Options);
    }
}
