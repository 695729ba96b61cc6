using System.Linq.Expressions;
using EsmsDui.Fhir.Search;
using EsmsDui.Storage.Entities;

namespace EsmsDui.Storage;

/// <summary>
/// <c>_sort</c> as ORDER BY: each key orders by the smallest (ascending) or largest (descending) indexed value of
/// the parameter, resources without a value last in both directions on every provider, then by storage position.
/// </summary>
internal static class SearchSort
{
    public static IOrderedQueryable<ResourceVersionRow> Apply(IQueryable<ResourceVersionRow> versions, IReadOnlyList<SortKey> keys)
    {
        IOrderedQueryable<ResourceVersionRow>? ordered = null;
        foreach (var key in keys)
        {
            ordered = key.Parameter switch
            {
                "_id" => By(versions, ordered, v => v.LogicalId, key.Descending),
                "_lastUpdated" => By(versions, ordered, v => v.LastUpdated, key.Descending),
                _ => ByIndex(versions, ordered, key),
            };
        }

        // Storage position breaks ties, in the direction of the last key: an index on that key (LastUpdated, whose
        // entries end with the row id) then gives the order without a sort.
        return ordered is null ? versions.OrderBy(v => v.Id)
            : keys[^1].Descending ? ordered.ThenByDescending(v => v.Id) : ordered.ThenBy(v => v.Id);
    }

    // The parameter is compared as p + '' so that the database reads each match's values through its version (the
    // ResourceVersionId index) rather than walk the (Parameter, value) index once per match: ~2 ms a row on SQLite.
    private static IOrderedQueryable<ResourceVersionRow> ByIndex(IQueryable<ResourceVersionRow> versions, IOrderedQueryable<ResourceVersionRow>? ordered, SortKey key)
    {
        var (p, d) = (key.Parameter, key.Descending);
        return key.Table switch
        {
            SearchIndexTable.Strings => Present(versions, ordered, v => v.Strings.Any(s => s.Parameter + "" == p))
                .Then(v => v.Strings.Where(s => s.Parameter + "" == p).Min(s => s.Normalized), v => v.Strings.Where(s => s.Parameter + "" == p).Max(s => s.Normalized), d),
            SearchIndexTable.Dates => Present(versions, ordered, v => v.Dates.Any(s => s.Parameter + "" == p))
                .Then(v => v.Dates.Where(s => s.Parameter + "" == p).Min(s => (DateTime?)s.Start), v => v.Dates.Where(s => s.Parameter + "" == p).Max(s => (DateTime?)s.End), d),
            SearchIndexTable.Numbers => Present(versions, ordered, v => v.Numbers.Any(s => s.Parameter + "" == p))
                .Then(v => v.Numbers.Where(s => s.Parameter + "" == p).Min(s => (double?)s.Value), v => v.Numbers.Where(s => s.Parameter + "" == p).Max(s => (double?)s.Value), d),
            SearchIndexTable.Quantities => Present(versions, ordered, v => v.Quantities.Any(s => s.Parameter + "" == p))
                .Then(v => v.Quantities.Where(s => s.Parameter + "" == p).Min(s => (double?)s.Value), v => v.Quantities.Where(s => s.Parameter + "" == p).Max(s => (double?)s.Value), d),
            SearchIndexTable.References => Present(versions, ordered, v => v.References.Any(s => s.Parameter + "" == p))
                .Then(v => v.References.Where(s => s.Parameter + "" == p).Min(s => s.TargetId), v => v.References.Where(s => s.Parameter + "" == p).Max(s => s.TargetId), d),
            _ => Present(versions, ordered, v => v.Tokens.Any(s => s.Parameter + "" == p))
                .Then(v => v.Tokens.Where(s => s.Parameter + "" == p).Min(s => s.Code), v => v.Tokens.Where(s => s.Parameter + "" == p).Max(s => s.Code), d),
        };
    }

    // Resources with a value first: NULL ordering differs between providers, so it is made explicit.
    private static IOrderedQueryable<ResourceVersionRow> Present(
        IQueryable<ResourceVersionRow> versions, IOrderedQueryable<ResourceVersionRow>? ordered, Expression<Func<ResourceVersionRow, bool>> has) =>
        By(versions, ordered, Expression.Lambda<Func<ResourceVersionRow, int>>(Expression.Condition(has.Body, Expression.Constant(0), Expression.Constant(1)), has.Parameters), descending: false);

    private static IOrderedQueryable<ResourceVersionRow> Then<TKey>(
        this IOrderedQueryable<ResourceVersionRow> ordered, Expression<Func<ResourceVersionRow, TKey>> smallest, Expression<Func<ResourceVersionRow, TKey>> largest, bool descending) =>
        descending ? ordered.ThenByDescending(largest) : ordered.ThenBy(smallest);

    private static IOrderedQueryable<ResourceVersionRow> By<TKey>(
        IQueryable<ResourceVersionRow> versions, IOrderedQueryable<ResourceVersionRow>? ordered, Expression<Func<ResourceVersionRow, TKey>> key, bool descending) =>
        (ordered, descending) switch
        {
            (null, false) => versions.OrderBy(key),
            (null, true) => versions.OrderByDescending(key),
            (_, false) => ordered.ThenBy(key),
            _ => ordered.ThenByDescending(key),
        };
}
