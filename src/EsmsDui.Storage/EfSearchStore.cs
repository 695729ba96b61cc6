using System.Linq.Expressions;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Search;
using EsmsDui.Fhir.Storage;
using EsmsDui.Storage.Dialects;
using EsmsDui.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace EsmsDui.Storage;

/// <summary>
/// <see cref="ISearchStore"/> in SQL: every criterion becomes an EXISTS over its index table, joined to the
/// current version rows; pages are keyset ranges on the version row id; includes follow the reference index.
/// </summary>
internal sealed class EfSearchStore(EsmsDuiDbContext db, StorageDialect dialect) : ISearchStore
{
    // Scoped like the store: the usagers of the caller's establishments, read once for all the queries of a request.
    private readonly Dictionary<EstablishmentCriterion, List<string>> _usagersOfRequest = [];

    /// <summary>Most resources one page's includes add; beyond, the rest is left out.</summary>
    public const int MaxIncluded = 1000;

    private const byte Deleted = (byte)WriteMethod.Delete;

    // Below this many matches a search sorts them rather than walking the storage-order index.
    private const int SelectiveTotal = 20_000;

    // Up to this many matches, a first page with its total is read from the list of matching ids (the usagers of a
    // common family name and their observations stay below; a broad query pays ~20 ms to learn it is broad).
    private const int FewMatches = 2_000;

    private IQueryable<ResourceVersionRow> Current => db.ResourceVersions.AsNoTracking().Where(v => v.IsCurrent && v.Method != Deleted);

    /// <inheritdoc />
    public async Task<SearchPage> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var transaction = await dialect.BeginReadAsync(db, cancellationToken);
        var snapshot = query.Snapshot ?? await db.ResourceVersions.MaxAsync(v => (long?)v.Id, cancellationToken) ?? 0;
        var versions = (query.Snapshot is null ? Current.Where(v => v.Id <= snapshot) : AsOf(snapshot)) switch
        {
            var all when query.Types is { } types => all.Where(v => types.Contains(v.ResourceType)),
            var all when query.ResourceType == SearchQuery.AllTypes => all,
            var all => all.Where(v => v.ResourceType == query.ResourceType),
        };
        // The most selective criterion leads (IN over its index); the others are checked on the rows it gives.
        var predicates = new SearchPredicates(db, _usagersOfRequest);
        var leading = true;
        foreach (var criterion in query.Criteria.OrderBy(SearchPredicates.Rank))
        {
            var drive = leading ? predicates.Drive(criterion) : null;
            versions = versions.Where(drive ?? predicates.For(criterion));
            leading &= drive is null;
        }

        if (query.IncludeTotal && query.Count > 0 && query.Criteria.Count > 0 && query.Sort.Count == 0 && query.Position == PagePosition.Start
            && await FirstPageOfFewAsync(versions, query.Count, cancellationToken) is { } few)
        {
            return few with { Snapshot = snapshot };
        }

        int? total = query.IncludeTotal ? await versions.CountAsync(cancellationToken) : null;
        if (query.Count == 0)
        {
            return new SearchPage([], null, null, snapshot, total);
        }

        // Few matches: find them all, then order (the storage-order index would walk every row of the type to find
        // a page of rare matches). Many: walk that index and stop at the page.
        var selective = total is { } known ? known <= SelectiveTotal : query.Criteria.Count > 0;
        var page = query.Sort.Count > 0
            ? await SortedPageAsync(versions, query, total, cancellationToken)
            : await KeysetPageAsync(versions, query.Position, query.Count, selective, cancellationToken);
        return page with { Snapshot = snapshot, Total = total };
    }

    // Few matches (most searches with criteria): their ids in one pass, unordered so that the database may stop at
    // the bound; the total is their number and the page's rows are read by primary key. A count then a page
    // evaluated the criteria twice. Null beyond the bound: the count and the index walk are cheaper there.
    private async Task<SearchPage?> FirstPageOfFewAsync(IQueryable<ResourceVersionRow> versions, int count, CancellationToken cancellationToken)
    {
        var ids = await versions.Select(v => v.Id).Take(FewMatches + 1).ToListAsync(cancellationToken);
        if (ids.Count > FewMatches)
        {
            return null;
        }

        ids.Sort();
        var first = ids.Take(count).ToList();
        var rows = first.Count == 0 ? [] : await db.ResourceVersions.AsNoTracking().Where(v => first.Contains(v.Id)).OrderBy(v => v.Id).ToListAsync(cancellationToken);
        return Page(rows, ids.Count > count ? new PagePosition(rows[^1].Id, null, 0) : null, null) with { Total = ids.Count };
    }

    // The versions that were current when the snapshot was taken: the newest of each resource up to that position.
    private IQueryable<ResourceVersionRow> AsOf(long snapshot) =>
        db.ResourceVersions.AsNoTracking().Where(v => v.Id <= snapshot && v.Method != Deleted
            && !db.ResourceVersions.Any(n => n.ResourceType == v.ResourceType && n.LogicalId == v.LogicalId && n.VersionId > v.VersionId && n.Id <= snapshot));

    private static async Task<SearchPage> KeysetPageAsync(IQueryable<ResourceVersionRow> versions, PagePosition position, int count, bool selective, CancellationToken cancellationToken)
    {
        // Id + 0 orders the same but is no index: the database sorts the (few) matches instead of walking the index.
        Expression<Func<ResourceVersionRow, long>> order = selective ? v => v.Id + 0 : v => v.Id;
        if (position.Before is { } before)
        {
            var back = await versions.Where(v => v.Id < before).OrderByDescending(order).Take(count + 1).ToListAsync(cancellationToken);
            var rows = back.Take(count).Reverse().ToList();
            return Page(rows, rows.Count > 0 ? new PagePosition(rows[^1].Id, null, 0) : null, back.Count > count ? new PagePosition(null, rows[0].Id, 0) : null);
        }

        var after = position.After ?? 0;
        var forward = await versions.Where(v => v.Id > after).OrderBy(order).Take(count + 1).ToListAsync(cancellationToken);
        var page = forward.Take(count).ToList();
        return Page(
            page,
            forward.Count > count ? new PagePosition(page[^1].Id, null, 0) : null,
            position.After is not null && page.Count > 0 ? new PagePosition(null, page[0].Id, 0) : null);
    }

    // Few matches: ordered by their computed keys. Many: read through the index of the first key (IndexedSort).
    private async Task<SearchPage> SortedPageAsync(IQueryable<ResourceVersionRow> versions, SearchQuery query, int? total, CancellationToken cancellationToken)
    {
        var offset = query.Position.Offset;
        var wanted = offset + query.Count + 1;
        var few = (total ?? await versions.Select(v => v.Id).Take(FewMatches + 1).CountAsync(cancellationToken)) <= FewMatches;
        var ids = few ? null : await new IndexedSort(db).FirstAsync(versions, query.Sort, wanted, query.Types is null && query.ResourceType != SearchQuery.AllTypes ? query.ResourceType : null, cancellationToken);
        List<ResourceVersionRow> rows;
        if (ids is null)
        {
            rows = await SearchSort.Apply(versions, query.Sort).Skip(offset).Take(query.Count + 1).ToListAsync(cancellationToken);
        }
        else
        {
            var pageIds = ids.Skip(offset).ToList();
            var byId = (await db.ResourceVersions.AsNoTracking().Where(v => pageIds.Contains(v.Id)).ToListAsync(cancellationToken)).ToDictionary(v => v.Id);
            rows = [.. pageIds.Select(id => byId[id])];
        }

        return Page(
            [.. rows.Take(query.Count)],
            rows.Count > query.Count ? new PagePosition(null, null, offset + query.Count) : null,
            offset > 0 ? new PagePosition(null, null, Math.Max(0, offset - query.Count)) : null);
    }

    private static SearchPage Page(List<ResourceVersionRow> rows, PagePosition? next, PagePosition? previous) =>
        new([.. rows.Select(ToStored)], next, previous, 0, null);

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredResource>> IncludeAsync(
        IReadOnlyList<StoredResource> matches, IReadOnlyList<IncludeSpec> includes, int maxRounds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(matches);
        ArgumentNullException.ThrowIfNull(includes);
        var seen = matches.Select(m => (m.ResourceType, m.Id)).ToHashSet();
        var included = new List<StoredResource>();
        IReadOnlyList<StoredResource> frontier = matches;
        for (var round = 0; round < maxRounds && frontier.Count > 0 && included.Count < MaxIncluded; round++)
        {
            var found = new List<StoredResource>();
            foreach (var include in includes.Where(i => round == 0 || i.Iterate))
            {
                found.AddRange(include.Reverse
                    ? await ReferringAsync(frontier, include, cancellationToken)
                    : await ReferencedAsync(frontier, include, cancellationToken));
            }

            frontier = [.. found.Where(r => seen.Add((r.ResourceType, r.Id))).Take(MaxIncluded - included.Count)];
            included.AddRange(frontier);
        }

        return included;
    }

    // _include: the targets of the sources' references (from their current index rows; `*` leaves out the
    // references of contained resources, which are not the container's). Parameter + "" is no index: SQLite would
    // otherwise walk every reference row of the parameter instead of starting from the few source versions.
    private async Task<List<StoredResource>> ReferencedAsync(IReadOnlyList<StoredResource> sources, IncludeSpec include, CancellationToken cancellationToken)
    {
        var targets = new HashSet<(string Type, string Id)>();
        foreach (var group in sources.Where(s => include.SourceType is null || s.ResourceType == include.SourceType).GroupBy(s => s.ResourceType))
        {
            var (type, ids, parameter, targetType) = (group.Key, group.Select(s => s.Id).ToList(), include.Parameter, include.TargetType);
            var references = await Current
                .Where(v => v.ResourceType == type && ids.Contains(v.LogicalId))
                .SelectMany(v => v.References)
                .Where(r => (parameter == null || r.Parameter + string.Empty == parameter) && (parameter != null || !EF.Functions.Like(r.Parameter, "%#%")) && r.TargetType != null && r.TargetId != null && (targetType == null || r.TargetType == targetType))
                .Select(r => new { r.TargetType, r.TargetId })
                .Distinct()
                .OrderBy(r => r.TargetType).ThenBy(r => r.TargetId)
                .Take(MaxIncluded)
                .ToListAsync(cancellationToken);
            targets.UnionWith(references.Select(r => (r.TargetType!, r.TargetId!)));
        }

        var found = new List<StoredResource>();
        foreach (var group in targets.GroupBy(t => t.Type))
        {
            var (type, ids) = (group.Key, group.Select(t => t.Id).ToList());
            var rows = await Current.Where(v => v.ResourceType == type && ids.Contains(v.LogicalId)).ToListAsync(cancellationToken);
            found.AddRange(rows.Select(ToStored));
        }

        return found;
    }

    // _revinclude: the current resources whose references point to the targets.
    private async Task<List<StoredResource>> ReferringAsync(IReadOnlyList<StoredResource> targets, IncludeSpec include, CancellationToken cancellationToken)
    {
        var found = new List<StoredResource>();
        foreach (var group in targets.Where(t => include.TargetType is null || t.ResourceType == include.TargetType).GroupBy(t => t.ResourceType))
        {
            var (type, ids, source, parameter) = (group.Key, group.Select(t => t.Id).ToList(), include.SourceType, include.Parameter);
            // From the reference index to the referring versions (not every version of the source type to its references).
            var referring = db.SearchReferences.AsNoTracking()
                .Where(r => (parameter == null || r.Parameter == parameter) && (parameter != null || !EF.Functions.Like(r.Parameter, "%#%")) && r.TargetType == type && ids.Contains(r.TargetId!))
                .Select(r => r.ResourceVersionId);
            var rows = await Current
                .Where(v => referring.Contains(v.Id) && (source == null || v.ResourceType == source))
                .OrderBy(v => v.Id + 0)
                .Take(MaxIncluded)
                .ToListAsync(cancellationToken);
            found.AddRange(rows.Select(ToStored));
        }

        return found;
    }

    private static StoredResource ToStored(ResourceVersionRow row) =>
        new(row.ResourceType, row.LogicalId, row.VersionId, new DateTimeOffset(DateTime.SpecifyKind(row.LastUpdated, DateTimeKind.Utc)), (WriteMethod)row.Method, row.Body);
}
