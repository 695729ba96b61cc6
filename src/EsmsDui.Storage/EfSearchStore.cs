using EsmsDui.Fhir.Search;
using EsmsDui.Fhir.Storage;
using Microsoft.EntityFrameworkCore;

namespace EsmsDui.Storage;

/// <summary>
/// <see cref="ISearchStore"/> in SQL: every criterion becomes an EXISTS over its index table, joined to the
/// current version rows; pages are keyset ranges on the version row id.
/// </summary>
public sealed class EfSearchStore(EsmsDuiDbContext db) : ISearchStore
{
    /// <inheritdoc />
    public async Task<SearchPage> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        const byte deleted = (byte)WriteMethod.Delete;
        var versions = db.ResourceVersions.AsNoTracking()
            .Where(v => v.ResourceType == query.ResourceType && v.IsCurrent && v.Method != deleted);
        var predicates = new SearchPredicates(db.ResourceVersions.AsNoTracking());
        foreach (var criterion in query.Criteria)
        {
            versions = versions.Where(predicates.For(criterion));
        }

        int? total = query.IncludeTotal ? await versions.CountAsync(cancellationToken) : null;
        if (query.Cursor is { } cursor)
        {
            versions = versions.Where(v => v.Id > cursor);
        }

        var rows = query.Count == 0
            ? []
            : await versions.OrderBy(v => v.Id).Take(query.Count + 1).ToListAsync(cancellationToken);
        long? next = rows.Count > query.Count ? rows[query.Count - 1].Id : null;
        var matches = rows.Take(query.Count)
            .Select(r => new StoredResource(r.ResourceType, r.LogicalId, r.VersionId, new DateTimeOffset(DateTime.SpecifyKind(r.LastUpdated, DateTimeKind.Utc)), (WriteMethod)r.Method, r.Body))
            .ToList();
        return new SearchPage(matches, next, total);
    }
}
