using System.Data.Common;
using EsmsDui.Fhir.Storage;

namespace EsmsDui.Storage.Dialects;

/// <summary>SQLite: one writer at a time, so commits are grouped; no date type, so dates are ticks (exact comparisons and order).</summary>
internal sealed class SqliteDialect(GroupCommitter committer) : StorageDialect
{
    public override Task CommitAsync(EsmsDuiDbContext db, IReadOnlyList<ResourceWrite> writes, CancellationToken cancellationToken) =>
        committer.CommitAsync(writes);

    public override object DateValue(DateTimeOffset value) => value.UtcTicks;

    public override DateTime ReadDate(DbDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new DateTime(reader.GetInt64(ordinal), DateTimeKind.Utc);
    }
}
