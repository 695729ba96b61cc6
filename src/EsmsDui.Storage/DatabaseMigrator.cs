using EsmsDui.Storage.Dialects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EsmsDui.Storage;

/// <summary>Creates the database (and the SQLite data folder) and applies pending migrations.</summary>
public sealed class DatabaseMigrator(IServiceScopeFactory scopes, IOptions<DatabaseOptions> options)
{
    /// <summary>Applies every pending migration; returns the names of those applied.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Provider == DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(options.Value.ConnectionString))
        {
            Directory.CreateDirectory(Path.GetFullPath(options.Value.DataFolder));
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EsmsDuiDbContext>();

        // The migrations of the pre-release schema were squashed into one: a database they built is not one this
        // version knows how to migrate, and creating the tables again over it would fail half-way.
        var unknown = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Except(db.Database.GetMigrations()).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"The database was built by migrations this version does not have ({string.Join(", ", unknown)}): it comes from a pre-release build, whose migrations were squashed into one. Start on a new database (for SQLite, move its data folder aside) and load the resources again with the import verb.");
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        return pending;
    }

    /// <summary>
    /// Refreshes the query planner's statistics on PostgreSQL (after a bulk import they describe an empty
    /// database until autovacuum catches up, and searches get plans that walk every row).
    /// </summary>
    public async Task UpdateStatisticsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EsmsDuiDbContext>();
        await scope.ServiceProvider.GetRequiredService<StorageDialect>().UpdateStatisticsAsync(db, cancellationToken);
    }
}
