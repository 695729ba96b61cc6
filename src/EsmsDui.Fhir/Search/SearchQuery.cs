using EsmsDui.Fhir.Requests;
namespace EsmsDui.Fhir.Search;

/// <summary>A parsed search on one resource type, several, or all.</summary>
/// <param name="ResourceType">The type searched; <see cref="AllTypes"/> for every type (unless <see cref="Types"/> lists them).</param>
/// <param name="Criteria">The criteria, all of which must hold.</param>
/// <param name="Count">Page size.</param>
/// <param name="Position">Where the page starts.</param>
/// <param name="IncludeTotal">Whether to count every match.</param>
/// <param name="Ignored">Parameters that were not understood and ignored (lenient handling), for the outcome.</param>
public sealed record SearchQuery(
    string ResourceType,
    IReadOnlyList<SearchCriterion> Criteria,
    int Count,
    PagePosition Position,
    bool IncludeTotal,
    IReadOnlyList<string> Ignored)
{
    /// <summary>The <see cref="ResourceType"/> of a search over every type.</summary>
    public const string AllTypes = "*";

    /// <summary>The types searched when there are several (<c>_type</c>, compartments); null for <see cref="ResourceType"/> alone.</summary>
    public IReadOnlyList<string>? Types { get; init; }

    /// <summary>The snapshot the pages after the first read (from their links); null on a first page.</summary>
    public long? Snapshot { get; init; }

    /// <summary>The <c>_sort</c> keys, in order.</summary>
    public IReadOnlyList<SortKey> Sort { get; init; } = [];

    /// <summary>The <c>_include</c> and <c>_revinclude</c> of the search.</summary>
    public IReadOnlyList<IncludeSpec> Includes { get; init; } = [];
}

/// <summary>
/// One <c>_include</c> (follow <see cref="Parameter"/> of <see cref="SourceType"/> resources to their targets) or
/// <c>_revinclude</c> (<see cref="Reverse"/>: add <see cref="SourceType"/> resources whose <see cref="Parameter"/>
/// points to a result).
/// </summary>
/// <param name="SourceType">The type holding the reference; null for <c>*</c>.</param>
/// <param name="Parameter">The reference parameter's index name; null for <c>*</c> (every reference).</param>
/// <param name="TargetType">Only targets of this type, when given.</param>
/// <param name="Reverse">True for <c>_revinclude</c>.</param>
/// <param name="Iterate">True with <c>:iterate</c>: applied to included resources as well.</param>
public sealed record IncludeSpec(string? SourceType, string? Parameter, string? TargetType, bool Reverse, bool Iterate);
