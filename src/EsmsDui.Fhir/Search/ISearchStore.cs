using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Storage;

namespace EsmsDui.Fhir.Search;

/// <summary>The search port: queries over the index tables, never over resource bodies.</summary>
public interface ISearchStore
{
    /// <summary>One page of current, non-deleted matches in storage order.</summary>
    Task<SearchPage> SearchAsync(SearchQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// The current resources that <paramref name="includes"/> reach from <paramref name="matches"/> (iterating
    /// <c>:iterate</c> specs over what they add, up to <paramref name="maxRounds"/>), without the matches themselves.
    /// </summary>
    Task<IReadOnlyList<StoredResource>> IncludeAsync(IReadOnlyList<StoredResource> matches, IReadOnlyList<IncludeSpec> includes, int maxRounds, CancellationToken cancellationToken);
}

/// <summary>A page of matches.</summary>
/// <param name="Matches">The resources of this page.</param>
/// <param name="Next">The next page, or null when this is the last.</param>
/// <param name="Previous">The previous page, or null when this is the first.</param>
/// <param name="Snapshot">The snapshot the page was read in, for the links of the pages around it.</param>
/// <param name="Total">The number of matches, when asked.</param>
public sealed record SearchPage(IReadOnlyList<StoredResource> Matches, PagePosition? Next, PagePosition? Previous, long Snapshot, int? Total);
