using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Storage;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Search;

/// <content>The matching behind conditional interactions and the engine's own look-ups.</content>
public sealed partial class SearchService
{
    /// <summary>
    /// The resources a conditional interaction's criteria select (at most two: enough to tell none, one or many).
    /// Criteria are parsed strictly: an unknown parameter must not widen what a conditional write touches.
    /// </summary>
    public Task<IReadOnlyList<StoredResource>> MatchAsync(string resourceType, string criteria, CancellationToken cancellationToken) =>
        FindAsync(resourceType, criteria, 2, cancellationToken);

    /// <summary>
    /// The first <paramref name="limit"/> resources that criteria written as a query string select (parsed strictly), for
    /// the domain's own lookups (duplicates, oppositions…).
    /// </summary>
    public Task<IReadOnlyList<StoredResource>> FindAsync(string resourceType, string criteria, int limit, CancellationToken cancellationToken) =>
        FindAsync(resourceType, criteria, limit, reachableOnly: false, cancellationToken);

    /// <summary>
    /// As <see cref="FindAsync(string, string, int, CancellationToken)"/>, among the resources the caller reaches
    /// (establishment-level access): what a professional may pick.
    /// </summary>
    public Task<IReadOnlyList<StoredResource>> FindReachableAsync(string resourceType, string criteria, int limit, CancellationToken cancellationToken) =>
        FindAsync(resourceType, criteria, limit, reachableOnly: true, cancellationToken);

    private async Task<IReadOnlyList<StoredResource>> FindAsync(string resourceType, string criteria, int limit, bool reachableOnly, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var query = QueryStringParser.Parse(criteria.Contains('?', StringComparison.Ordinal) ? criteria[(criteria.IndexOf('?', StringComparison.Ordinal) + 1)..] : criteria);
        if (query.Count == 0)
        {
            throw new FhirException(FhirErrorKind.Invalid, "A conditional interaction needs search criteria.", OperationOutcome.IssueType.Required);
        }

        var parsed = parser.Parse(resourceType, query, strict: true) with { Count = limit, IncludeTotal = false, Position = PagePosition.Start, Snapshot = null, Sort = [] };
        if (SearchQueryParser.SearchesContained(parsed))
        {
            throw new FhirException(FhirErrorKind.Invalid, "_contained cannot select the resource of a conditional interaction.", OperationOutcome.IssueType.NotSupported);
        }

        if (reachableOnly && Restriction() is { } restriction)
        {
            parsed = parsed with { Criteria = [.. parsed.Criteria, restriction] };
        }

        return (await store.SearchAsync(parsed, cancellationToken)).Matches;
    }
}
