using EsmsDui.Fhir.Storage;
using EsmsDui.Storage.Dialects;
using EsmsDui.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace EsmsDui.Storage;

/// <summary>
/// Writes a batch of versions inside the caller's transaction. Optimistic concurrency: a new version first
/// clears the <c>IsCurrent</c> flag of the version it builds on (0 rows touched = lost race), and the unique
/// index (type, id, version) stops two creators of the same id; both surface as <see cref="VersionConflictException"/>.
/// </summary>
internal static class VersionWriter
{
    public static async Task ApplyAsync(EsmsDuiDbContext db, StorageDialect dialect, IReadOnlyList<ResourceWrite> writes, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var write in writes.Where(w => w.VersionId > 1))
            {
                var previous = write.VersionId - 1;
                var cleared = await db.ResourceVersions
                    .IgnoreQueryFilters()
                    .Where(v => v.ResourceType == write.ResourceType && v.LogicalId == write.Id && v.VersionId == previous && v.IsCurrent && v.TenantId == write.TenantId)
                    .ExecuteUpdateAsync(s => s.SetProperty(v => v.IsCurrent, false), cancellationToken);
                if (cleared != 1)
                {
                    throw new VersionConflictException(write.ResourceType, write.Id);
                }
            }

            var rows = writes.Select(ToRow).ToList();
            db.ResourceVersions.AddRange(rows);
            await db.SaveChangesAsync(cancellationToken);
            await new SearchIndexWriter(db, dialect).WriteAsync(
                [.. rows.Zip(writes).Where(p => p.Second.Index is not null).Select(p => (p.First.Id, p.Second.Index!))], cancellationToken);
        }
        catch (DbUpdateException ex) when (StoreErrors.IsUniqueViolation(ex))
        {
            throw new VersionConflictException("A resource with the same id was created by another request.", ex);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private static ResourceVersionRow ToRow(ResourceWrite write) => new()
    {
        ResourceType = write.ResourceType,
        TenantId = write.TenantId,
        LogicalId = write.Id,
        VersionId = write.VersionId,
        LastUpdated = write.LastUpdated.UtcDateTime,
        Method = (byte)write.Method,
        IsCurrent = true,
        Body = write.Method == WriteMethod.Delete ? null : write.Json.ToArray(),
    };
}
