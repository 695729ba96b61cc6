using EsmsDui.Fhir.Search;
using EsmsDui.Fhir.Search.Reindexing;
using EsmsDui.Fhir.Storage;
using EsmsDui.Storage.Dialects;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EsmsDui.Storage;

/// <summary>Registers the EF Core storage with the provider named by configuration.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>Assembly holding the migrations of each provider.</summary>
    public static string MigrationsAssembly(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.PostgreSql => "EsmsDui.Storage.PostgreSql",
        DatabaseProvider.SqlServer => "EsmsDui.Storage.SqlServer",
        _ => "EsmsDui.Storage.Sqlite",
    };

    /// <summary>Adds the DbContext (pooled), the resource store and the migrator; binds <see cref="DatabaseOptions"/>.</summary>
    public static IHostApplicationBuilder AddEsmsDuiStorage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .Validate(o => o.Provider == DatabaseProvider.Sqlite || !string.IsNullOrWhiteSpace(o.ConnectionString), "Database:ConnectionString is required for PostgreSql and SqlServer.")
            .ValidateOnStart();
        services.AddPooledDbContextFactory<EsmsDuiDbContext>((sp, builder) =>
            Configure(builder, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));

        // A pooled context keeps its fields between requests: the tenant is set each time one is handed out.
        services.AddScoped(sp =>
        {
            var db = sp.GetRequiredService<IDbContextFactory<EsmsDuiDbContext>>().CreateDbContext();
            db.TenantId = sp.GetRequiredService<Fhir.Tenancy.TenantContext>().TenantId;
            return db;
        });
        services.AddScoped<IResourceStore, EfResourceStore>();
        services.AddScoped<ISearchStore, EfSearchStore>();
        services.AddScoped<IReindexStore, EfReindexStore>();
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<GroupCommitter>();
        services.AddSingleton(sp => StorageDialect.For(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider, sp.GetRequiredService<GroupCommitter>()));
        return builder;
    }

    /// <summary>Points an options builder at the configured database (also used at design time).</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var migrations = MigrationsAssembly(options.Provider);
        // EF logs a failed open as an error even when it expects it (the migrator asking whether a new database
        // exists yet); a real failure still reaches the caller as an exception, which is logged there.
        // The search store reads a bounded, unordered list of matching ids on purpose (EfSearchStore): no warning.
        builder.ConfigureWarnings(w => w.Log((RelationalEventId.ConnectionError, LogLevel.Debug)).Ignore(CoreEventId.RowLimitingOperationWithoutOrderByWarning));
        return options.Provider switch
        {
            DatabaseProvider.PostgreSql => builder.UseNpgsql(PostgreSqlConnectionString(options.ConnectionString!), o => o.MigrationsAssembly(migrations)),
            DatabaseProvider.SqlServer => builder.UseSqlServer(options.ConnectionString, o => o.MigrationsAssembly(migrations)),
            _ => builder
                .UseSqlite(SqliteConnectionString(options), o => o.MigrationsAssembly(migrations))
                .AddInterceptors(SqlitePragmas.Instance),
        };
    }

    /// <summary>
    /// The PostgreSQL connection string with automatic preparation on unless configured: the same few
    /// statements run for every request, and prepared ones skip parsing and planning.
    /// </summary>
    public static string PostgreSqlConnectionString(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
        }

        return builder.ConnectionString;
    }

    /// <summary>The SQLite connection string: the configured one, or a file in the data folder.</summary>
    public static string SqliteConnectionString(DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return options.ConnectionString;
        }

        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(Path.GetFullPath(options.DataFolder), "esmsdui.db"),
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }
}
