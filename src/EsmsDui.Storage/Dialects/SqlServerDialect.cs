using EsmsDui.Fhir.Storage;

namespace EsmsDui.Storage.Dialects;

/// <summary>SQL Server: the portable writer (EF rows, then the index entries in multi-row inserts) in one transaction.</summary>
internal sealed class SqlServerDialect : StorageDialect
{
    public override async Task CommitAsync(EsmsDuiDbContext db, IReadOnlyList<ResourceWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await VersionWriter.ApplyAsync(db, this, writes, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
