namespace EsmsDui.Fhir.Search;

/// <summary>One key of <c>_sort</c>.</summary>
/// <param name="Parameter">The parameter's index name, or <c>_id</c> / <c>_lastUpdated</c>.</param>
/// <param name="Table">The index table holding its values (ignored for <c>_id</c> and <c>_lastUpdated</c>).</param>
/// <param name="Descending">True for <c>-name</c>.</param>
public sealed record SortKey(string Parameter, SearchIndexTable Table, bool Descending);
