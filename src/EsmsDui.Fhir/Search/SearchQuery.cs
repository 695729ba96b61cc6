namespace EsmsDui.Fhir.Search;

/// <summary>A parsed search on one resource type.</summary>
/// <param name="ResourceType">The type searched.</param>
/// <param name="Criteria">The criteria, all of which must hold.</param>
/// <param name="Count">Page size.</param>
/// <param name="Cursor">Paging position from a previous page.</param>
/// <param name="IncludeTotal">Whether to count every match.</param>
/// <param name="Ignored">Parameters that were not understood and ignored (lenient handling), for the outcome.</param>
public sealed record SearchQuery(
    string ResourceType,
    IReadOnlyList<SearchCriterion> Criteria,
    int Count,
    long? Cursor,
    bool IncludeTotal,
    IReadOnlyList<string> Ignored);
