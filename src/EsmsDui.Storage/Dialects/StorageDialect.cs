using System.Data.Common;
using EsmsDui.Fhir.Storage;

namespace EsmsDui.Storage.Dialects;

/// <summary>
/// What differs between the database providers, chosen once from <c>Database:Provider</c> when the storage is first
/// used: how a batch of writes is committed, how dates are stored, how a search reads one snapshot, how the planner's
/// statistics are refreshed. The stores ask their dialect; none tests the provider at run time.
/// </summary>
internal abstract class StorageDialect
{
    /// <summary>The dialect of <paramref name="provider"/>.</summary>
    public static StorageDialect For(DatabaseProvider provider, GroupCommitter committer) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteDialect(committer),
        DatabaseProvider.PostgreSql => new PostgreSqlDialect(),
        _ => new SqlServerDialect(),
    };

    /// <summary>Writes every version of <paramref name="writes"/> and its index entries at once, or none.</summary>
    public abstract Task CommitAsync(EsmsDuiDbContext db, IReadOnlyList<ResourceWrite> writes, CancellationToken cancellationToken);

    /// <summary>A date as its column stores it.</summary>
    public virtual object DateValue(DateTimeOffset value) => value.UtcDateTime;

    /// <summary>A date column read back, in UTC.</summary>
    public virtual DateTime ReadDate(DbDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);
    }

    /// <summary>Starts what a search's total and page must read together (null when the provider needs nothing).</summary>
    public virtual Task<IAsyncDisposable?> BeginReadAsync(EsmsDuiDbContext db, CancellationToken cancellationToken) => Task.FromResult<IAsyncDisposable?>(null);

    /// <summary>Refreshes the query planner's statistics, where the provider keeps them apart from the data.</summary>
    public virtual Task UpdateStatisticsAsync(EsmsDuiDbContext db, CancellationToken cancellationToken) => Task.CompletedTask;
}
