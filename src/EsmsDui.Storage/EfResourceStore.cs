using EsmsDui.Fhir.Storage;
using EsmsDui.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace EsmsDui.Storage;

/// <summary>
/// <see cref="IResourceStore"/> over EF Core. Optimistic concurrency: a new version first clears the
/// <c>IsCurrent</c> flag of the version it builds on (0 rows touched = lost race), and the unique index
/// (type, id, version) stops two creators of the same id.
/// </summary>
public sealed class EfResourceStore(EsmsDuiDbContext db) : IResourceStore
{
    /// <inheritdoc />
    public async Task<StoredResource?> ReadCurrentAsync(string resourceType, string id, CancellationToken cancellationToken) =>
        ToStored(await db.ResourceVersions.AsNoTracking()
            .FirstOrDefaultAsync(v => v.ResourceType == resourceType && v.LogicalId == id && v.IsCurrent, cancellationToken));

    /// <inheritdoc />
    public async Task<StoredResource?> ReadVersionAsync(string resourceType, string id, int versionId, CancellationToken cancellationToken) =>
        ToStored(await db.ResourceVersions.AsNoTracking()
            .FirstOrDefaultAsync(v => v.ResourceType == resourceType && v.LogicalId == id && v.VersionId == versionId, cancellationToken));

    /// <inheritdoc />
    public async Task CommitAsync(IReadOnlyList<ResourceWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                foreach (var write in writes.Where(w => w.VersionId > 1))
                {
                    var previous = write.VersionId - 1;
                    var cleared = await db.ResourceVersions
                        .Where(v => v.ResourceType == write.ResourceType && v.LogicalId == write.Id && v.VersionId == previous && v.IsCurrent)
                        .ExecuteUpdateAsync(s => s.SetProperty(v => v.IsCurrent, false), cancellationToken);
                    if (cleared != 1)
                    {
                        throw new VersionConflictException(write.ResourceType, write.Id);
                    }
                }

                var rows = writes.Select(ToRow).ToList();
                db.ResourceVersions.AddRange(rows);
                await db.SaveChangesAsync(cancellationToken);
                await new SearchIndexWriter(db).WriteAsync(
                    [.. rows.Zip(writes).Where(p => p.Second.Index is not null).Select(p => (p.First.Id, p.Second.Index!))], cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (StoreErrors.IsUniqueViolation(ex))
            {
                throw new VersionConflictException("A resource with the same id was created by another request.", ex);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        });
    }

    /// <inheritdoc />
    public async Task<HistoryPage> ReadHistoryAsync(HistoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var versions = db.ResourceVersions.AsNoTracking();
        if (query.ResourceType is { } type)
        {
            versions = versions.Where(v => v.ResourceType == type);
        }

        if (query.Id is { } id)
        {
            versions = versions.Where(v => v.LogicalId == id);
        }

        if (query.Since is { } since)
        {
            var from = since.UtcDateTime;
            versions = versions.Where(v => v.LastUpdated >= from);
        }

        if (query.At is { } at)
        {
            // Current at some point of the period: written before its end, and not replaced before its start.
            var start = at.Start.UtcDateTime;
            var end = at.End.UtcDateTime;
            var all = db.ResourceVersions;
            versions = versions.Where(v => v.LastUpdated <= end
                && !all.Any(w => w.ResourceType == v.ResourceType && w.LogicalId == v.LogicalId && w.VersionId > v.VersionId && w.LastUpdated <= start));
        }

        int? total = query.IncludeTotal ? await versions.CountAsync(cancellationToken) : null;
        if (query.Before is { } before)
        {
            versions = versions.Where(v => v.Id < before);
        }

        var rows = query.Count == 0
            ? []
            : await versions.OrderByDescending(v => v.Id).Take(query.Count + 1).ToListAsync(cancellationToken);
        long? next = rows.Count > query.Count ? rows[query.Count - 1].Id : null;
        var page = rows.Take(query.Count).Select(r => ToStored(r)!).ToList();
        return new HistoryPage(page, next, total);
    }

    private static ResourceVersionRow ToRow(ResourceWrite write) => new()
    {
        ResourceType = write.ResourceType,
        LogicalId = write.Id,
        VersionId = write.VersionId,
        LastUpdated = write.LastUpdated.UtcDateTime,
        Method = (byte)write.Method,
        IsCurrent = true,
        Body = write.Method == WriteMethod.Delete ? null : write.Json.ToArray(),
    };

    private static StoredResource? ToStored(ResourceVersionRow? row) => row is null
        ? null
        : new StoredResource(
            row.ResourceType,
            row.LogicalId,
            row.VersionId,
            new DateTimeOffset(DateTime.SpecifyKind(row.LastUpdated, DateTimeKind.Utc)),
            (WriteMethod)row.Method,
            row.Body ?? ReadOnlyMemory<byte>.Empty);
}
