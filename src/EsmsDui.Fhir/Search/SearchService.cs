using System.Globalization;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Interactions;
using EsmsDui.Fhir.Primitives;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Serialization;
using EsmsDui.Fhir.Storage;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Search;

/// <summary>Type-level search as a <c>searchset</c> Bundle, and the matching behind conditional interactions.</summary>
public sealed class SearchService(ISearchStore store, SearchQueryParser parser, FhirSerializer serializer, TimeProvider clock)
{
    /// <summary>How many times <c>:iterate</c> includes are followed (the first round included).</summary>
    public const int MaxIncludeRounds = 4;

    /// <summary>Runs the search of the request on a type and returns one page.</summary>
    public async Task<Bundle> SearchAsync(string resourceType, FhirRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = parser.Parse(resourceType, request.Query, request.StrictHandling);
        if (request.QueryValue("_summary") == "count")
        {
            query = query with { Count = 0, IncludeTotal = true };
        }

        var page = await store.SearchAsync(query, cancellationToken);
        var bundle = new Bundle
        {
            Id = ResourceIds.New(),
            Type = Bundle.BundleType.Searchset,
            Meta = new Meta { LastUpdated = clock.UtcNowMilliseconds() },
            Total = page.Total,
        };
        AddLinks(bundle, request, resourceType, query, page);

        foreach (var match in page.Matches)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{request.BaseUrl}/{match.ResourceType}/{match.Id}",
                Resource = serializer.ParseJson(match.Json.Span),
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
        }

        if (query.Includes.Count > 0 && page.Matches.Count > 0)
        {
            foreach (var included in await store.IncludeAsync(page.Matches, query.Includes, MaxIncludeRounds, cancellationToken))
            {
                bundle.Entry.Add(new Bundle.EntryComponent
                {
                    FullUrl = $"{request.BaseUrl}/{included.ResourceType}/{included.Id}",
                    Resource = serializer.ParseJson(included.Json.Span),
                    Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Include },
                });
            }
        }

        if (query.Ignored.Count > 0)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                Resource = new OperationOutcome
                {
                    Issue = [FhirException.Issue(OperationOutcome.IssueSeverity.Warning, OperationOutcome.IssueType.NotSupported, $"Ignored unknown search parameters: {string.Join(", ", query.Ignored)}.")],
                },
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Outcome },
            });
        }

        return bundle;
    }

    // self as asked; first without paging (a fresh snapshot); next and previous in the snapshot of this page.
    private static void AddLinks(Bundle bundle, FhirRequest request, string path, SearchQuery query, SearchPage page)
    {
        var snapshot = new KeyValuePair<string, string>(PagePosition.SnapshotParameter, page.Snapshot.ToString(CultureInfo.InvariantCulture));
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = PagingLinks.Build(request, path, query.Position.ToQuery().Append(snapshot)) });
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "first", Url = PagingLinks.Build(request, path, []) });
        if (page.Previous is { } previous)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "previous", Url = PagingLinks.Build(request, path, previous.ToQuery().Append(snapshot)) });
        }

        if (page.Next is { } next)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = PagingLinks.Build(request, path, next.ToQuery().Append(snapshot)) });
        }
    }

    /// <summary>
    /// The resources a conditional interaction's criteria select (at most two: enough to tell none, one or many).
    /// Criteria are parsed strictly: an unknown parameter must not widen what a conditional write touches.
    /// </summary>
    public async Task<IReadOnlyList<StoredResource>> MatchAsync(string resourceType, string criteria, CancellationToken cancellationToken)
    {
        var query = QueryStringParser.Parse(criteria.Contains('?', StringComparison.Ordinal) ? criteria[(criteria.IndexOf('?', StringComparison.Ordinal) + 1)..] : criteria);
        if (query.Count == 0)
        {
            throw new FhirException(FhirErrorKind.Invalid, "A conditional interaction needs search criteria.", OperationOutcome.IssueType.Required);
        }

        var parsed = parser.Parse(resourceType, query, strict: true) with { Count = 2, IncludeTotal = false, Position = PagePosition.Start, Snapshot = null, Sort = [] };
        return (await store.SearchAsync(parsed, cancellationToken)).Matches;
    }
}
