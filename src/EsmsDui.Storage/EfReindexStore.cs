using EsmsDui.Fhir.Search.Reindexing;
using EsmsDui.Fhir.Storage;
using EsmsDui.Storage.Dialects;
using EsmsDui.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace EsmsDui.Storage;

/// <summary><see cref="IReindexStore"/> with EF Core: index rows of a batch are deleted and rewritten in one transaction.</summary>
internal sealed class EfReindexStore(EsmsDuiDbContext db, StorageDialect dialect) : IReindexStore
{
    private const string JobName = "reindex";
    private const byte Deleted = (byte)WriteMethod.Delete;

    private IQueryable<ResourceVersionRow> Current(long after) =>
        db.ResourceVersions.AsNoTracking().IgnoreQueryFilters().Where(v => v.IsCurrent && v.Method != Deleted && v.Id > after);

    /// <inheritdoc />
    public async Task<IReadOnlyList<IndexedVersion>> ReadAsync(long after, int count, CancellationToken cancellationToken)
    {
        var rows = await Current(after).OrderBy(v => v.Id).Take(count).Select(v => new { v.Id, v.Body }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new IndexedVersion(r.Id, r.Body))];
    }

    /// <inheritdoc />
    public Task<long> CountAsync(long after, CancellationToken cancellationToken) => Current(after).LongCountAsync(cancellationToken);

    /// <inheritdoc />
    public async Task ReplaceAsync(IReadOnlyList<(long Position, SearchIndexEntries Index)> versions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var ids = versions.Select(v => v.Position).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SearchTokens.Where(r => ids.Contains(r.ResourceVersionId)).ExecuteDeleteAsync(cancellationToken);
        await db.SearchStrings.Where(r => ids.Contains(r.ResourceVersionId)).ExecuteDeleteAsync(cancellationToken);
        await db.SearchDates.Where(r => ids.Contains(r.ResourceVersionId)).ExecuteDeleteAsync(cancellationToken);
        await db.SearchReferences.Where(r => ids.Contains(r.ResourceVersionId)).ExecuteDeleteAsync(cancellationToken);
        await db.Set<SearchNumberRow>().Where(r => ids.Contains(r.ResourceVersionId)).ExecuteDeleteAsync(cancellationToken);
        await db.Set<SearchQuantityRow>().Where(r => ids.Contains(r.ResourceVersionId)).ExecuteDeleteAsync(cancellationToken);
        await new SearchIndexWriter(db, dialect).WriteAsync(versions, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ReindexProgress?> LoadAsync(CancellationToken cancellationToken)
    {
        var row = await db.MaintenanceJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Name == JobName, cancellationToken);
        return row is null ? null : new ReindexProgress(row.Position, row.Processed, row.Total, row.StartedAt, row.UpdatedAt, row.FinishedAt, row.Failed);
    }

    /// <inheritdoc />
    public async Task SaveAsync(ReindexProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var row = await db.MaintenanceJobs.SingleOrDefaultAsync(j => j.Name == JobName, cancellationToken);
        if (row is null)
        {
            row = new MaintenanceJobRow { Name = JobName };
            db.MaintenanceJobs.Add(row);
        }

        (row.Position, row.Processed, row.Total, row.Failed) = (progress.Position, progress.Processed, progress.Total, progress.Failed);
        (row.StartedAt, row.UpdatedAt, row.FinishedAt) = (progress.StartedAt, progress.UpdatedAt, progress.FinishedAt);
        await db.SaveChangesAsync(cancellationToken);
    }
}
