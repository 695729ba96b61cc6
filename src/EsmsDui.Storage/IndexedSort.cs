using System.Linq.Expressions;
using EsmsDui.Fhir.Search;
using EsmsDui.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace EsmsDui.Storage;

/// <summary>
/// A sorted page over many matches, read through the index of the first sort key rather than by computing every
/// match's keys: the index rows of that parameter are walked in order (ascending by the smallest value, descending by
/// the largest), each checked against the search, until the page's resources are found; resources sharing the last
/// first-key value are ordered by the other keys among themselves; resources without a value come last. The work
/// is that of the page, not of the matches (ORDER BY over computed keys cost ~2 ms per match).
/// </summary>
internal sealed class IndexedSort(EsmsDuiDbContext db)
{
    // Index rows read per resource wanted at first (a resource may have several values), doubled while short.
    private const int RowsPerResource = 4;
    private const int MaxWalks = 6;

    // The largest slice of versions read to find a page by _lastUpdated (one parameter per version in the second query).
    private const int MaxSlice = 16_384;

    /// <summary>
    /// The ids of the first <paramref name="wanted"/> matches in the order of <paramref name="keys"/>, or null when
    /// the first key is <c>_id</c> (ordered by its own index) or no walk finds the page. <paramref name="resourceType"/> is the one type
    /// searched, if any.
    /// </summary>
    public Task<List<long>?> FirstAsync(IQueryable<ResourceVersionRow> versions, IReadOnlyList<SortKey> keys, int wanted, string? resourceType, CancellationToken cancellationToken)
    {
        var first = keys[0];
        var (p, d) = (first.Parameter, first.Descending);
        // Each walk orders by the columns of the parameter's index, then the index row: the database reads the index
        // in order and stops at the page instead of sorting every row of a common value ('final').
        return first.Parameter switch
        {
            "_id" => Task.FromResult<List<long>?>(null),
            "_lastUpdated" => LastUpdatedAsync(versions, keys, wanted, resourceType, cancellationToken),
            _ => first.Table switch
            {
                SearchIndexTable.Strings => WalkAsync(versions, keys, wanted, db.SearchStrings.AsNoTracking().Where(r => r.Parameter == p), r => r.Normalized, o => o.ThenBy(r => r.Id), o => o.ThenByDescending(r => r.Id), cancellationToken),
                SearchIndexTable.Dates => d
                    ? WalkAsync(versions, keys, wanted, db.SearchDates.AsNoTracking().Where(r => r.Parameter == p), r => r.End, o => o.ThenBy(r => r.Id), o => o.ThenByDescending(r => r.Id), cancellationToken)
                    : WalkAsync(versions, keys, wanted, db.SearchDates.AsNoTracking().Where(r => r.Parameter == p), r => r.Start, o => o.ThenBy(r => r.End).ThenBy(r => r.Id), o => o.ThenByDescending(r => r.End).ThenByDescending(r => r.Id), cancellationToken),
                SearchIndexTable.Numbers => WalkAsync(versions, keys, wanted, db.Set<SearchNumberRow>().AsNoTracking().Where(r => r.Parameter == p), r => r.Value, o => o.ThenBy(r => r.Id), o => o.ThenByDescending(r => r.Id), cancellationToken),
                SearchIndexTable.Quantities => WalkAsync(versions, keys, wanted, db.Set<SearchQuantityRow>().AsNoTracking().Where(r => r.Parameter == p), r => r.Value, o => o.ThenBy(r => r.Id), o => o.ThenByDescending(r => r.Id), cancellationToken),
                SearchIndexTable.References => WalkAsync(versions, keys, wanted, db.SearchReferences.AsNoTracking().Where(r => r.Parameter == p), r => r.TargetId, o => o.ThenBy(r => r.TargetType).ThenBy(r => r.Id), o => o.ThenByDescending(r => r.TargetType).ThenByDescending(r => r.Id), cancellationToken),
                _ => WalkAsync(versions, keys, wanted, db.SearchTokens.AsNoTracking().Where(r => r.Parameter == p), r => r.Code, o => o.ThenBy(r => r.System).ThenBy(r => r.Id), o => o.ThenByDescending(r => r.System).ThenByDescending(r => r.Id), cancellationToken),
            },
        };
    }

    // The versions of the type read in (ResourceType, LastUpdated, Id) order, a growing slice at a time, and the
    // slice's matches kept: two plain queries whatever the planner (ORDER BY on the search itself is planned on its
    // storage-position range and sorts every match; a correlated walk was planned that way too). Null (ORDER BY)
    // when the matches are too rare among the type's versions for a slice to find a page.
    private async Task<List<long>?> LastUpdatedAsync(IQueryable<ResourceVersionRow> versions, IReadOnlyList<SortKey> keys, int wanted, string? resourceType, CancellationToken cancellationToken)
    {
        var rows = db.ResourceVersions.AsNoTracking();
        rows = resourceType is null ? rows : rows.Where(r => r.ResourceType == resourceType);
        var ordered = keys[0].Descending
            ? rows.OrderByDescending(r => r.LastUpdated).ThenByDescending(r => r.Id)
            : rows.OrderBy(r => r.LastUpdated).ThenBy(r => r.Id);
        for (var limit = Math.Max(wanted * RowsPerResource, 64); limit <= MaxSlice; limit *= 4)
        {
            var slice = await ordered.Select(r => new { r.Id, r.LastUpdated }).Take(limit).ToListAsync(cancellationToken);
            var sliceIds = slice.Select(r => r.Id).ToList();
            var matches = (await versions.Where(v => sliceIds.Contains(v.Id)).Select(v => v.Id).ToListAsync(cancellationToken)).ToHashSet();
            var page = slice.Where(r => matches.Contains(r.Id)).Take(wanted).ToList();
            if (page.Count < wanted && slice.Count == limit)
            {
                continue;
            }

            if (keys.Count == 1 || page.Count == 0)
            {
                return [.. page.Select(r => r.Id)];
            }

            // The other keys order the resources written at the page's last instant, among themselves and with the page.
            var boundary = page[^1].LastUpdated;
            var ties = await versions.Where(v => v.LastUpdated == boundary).Select(v => v.Id).ToListAsync(cancellationToken);
            var set = page.Select(r => r.Id).Union(ties).ToList();
            return await SearchSort.Apply(versions.Where(v => set.Contains(v.Id)), keys).Select(v => v.Id).Take(wanted).ToListAsync(cancellationToken);
        }

        return null;
    }

    private static async Task<List<long>?> WalkAsync<TRow, TValue>(
        IQueryable<ResourceVersionRow> versions,
        IReadOnlyList<SortKey> keys,
        int wanted,
        IQueryable<TRow> rows,
        Expression<Func<TRow, TValue>> value,
        Func<IOrderedQueryable<TRow>, IOrderedQueryable<TRow>> thenAscending,
        Func<IOrderedQueryable<TRow>, IOrderedQueryable<TRow>> thenDescending,
        CancellationToken cancellationToken)
        where TRow : SearchIndexRow
    {
        var matching = rows.Where(r => versions.Any(v => v.Id == r.ResourceVersionId));
        var ordered = keys[0].Descending ? thenDescending(matching.OrderByDescending(value)) : thenAscending(matching.OrderBy(value));
        var found = new List<(long Id, TValue Value)>();
        var exhausted = false;
        for (var (limit, walk) = (Math.Max(wanted * RowsPerResource, 64), 0); ; limit *= 4, walk++)
        {
            var read = await ordered.Select(Keyed(value)).Take(limit).ToListAsync(cancellationToken);
            found = [.. read.Select(r => (r.Id, r.Value)).DistinctBy(r => r.Id)];
            exhausted = read.Count < limit;
            if (exhausted || found.Count >= wanted || walk == MaxWalks)
            {
                break;
            }
        }

        var page = found.Take(wanted).ToList();
        var ids = page.Select(r => r.Id).ToList();
        if (keys.Count > 1 && page.Count > 0)
        {
            // The other keys order the resources of equal first-key values: those of the page, and every other
            // match sharing the last value (its rank may come before some of the page's under the other keys).
            var boundary = page[^1].Value;
            var parameter = Expression.Parameter(typeof(TRow), "r");
            var equal = Expression.Lambda<Func<TRow, bool>>(
                Expression.Equal(new ParameterReplacer(value.Parameters[0], parameter).Visit(value.Body), Expression.Constant(boundary, typeof(TValue))), parameter);
            var ties = await matching.Where(equal).Select(r => r.ResourceVersionId).Distinct().ToListAsync(cancellationToken);
            var set = ids.Union(ties).ToList();
            ids = await SearchSort.Apply(versions.Where(v => set.Contains(v.Id)), keys).Select(v => v.Id).Take(wanted).ToListAsync(cancellationToken);
        }

        if (ids.Count < wanted && exhausted)
        {
            // Every match with a value is in: those without one follow, ordered by the other keys.
            var (p, missing) = (keys[0].Parameter, wanted - ids.Count);
            var without = versions.Where(v => !rows.Any(r => r.ResourceVersionId == v.Id && r.Parameter == p));
            ids.AddRange(await SearchSort.Apply(without, [.. keys.Skip(1)]).Select(v => v.Id).Take(missing).ToListAsync(cancellationToken));
        }

        return ids;
    }

    // r => new KeyedRow { Id = r.ResourceVersionId, Value = value(r) }: what the walk reads of each index row.
    private static Expression<Func<TRow, KeyedRow<TValue>>> Keyed<TRow, TValue>(Expression<Func<TRow, TValue>> value)
        where TRow : SearchIndexRow
    {
        var row = value.Parameters[0];
        var body = Expression.MemberInit(
            Expression.New(typeof(KeyedRow<TValue>)),
            Expression.Bind(typeof(KeyedRow<TValue>).GetProperty(nameof(KeyedRow<TValue>.Id))!, Expression.Property(row, nameof(SearchIndexRow.ResourceVersionId))),
            Expression.Bind(typeof(KeyedRow<TValue>).GetProperty(nameof(KeyedRow<TValue>.Value))!, value.Body));
        return Expression.Lambda<Func<TRow, KeyedRow<TValue>>>(body, row);
    }

    private sealed class KeyedRow<TValue>
    {
        public long Id { get; init; }

        public TValue Value { get; init; } = default!;
    }
}
