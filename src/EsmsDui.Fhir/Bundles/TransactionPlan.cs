using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Primitives;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Search;
using EsmsDui.Fhir.Storage;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Bundles;

/// <summary>
/// What a transaction will do before anything is written (FHIR R4 §3.1.0.11.2): each creating entry gets
/// its id (new, or the one a conditional create/update finds), every fullUrl is mapped to <c>Type/id</c>,
/// and conditional references (<c>Patient?identifier=…</c>) are resolved to the one resource they match.
/// </summary>
internal sealed class TransactionPlan
{
    private TransactionPlan(FhirRequest[] requests, string?[] createIds, StoredResource?[] existing, Dictionary<string, string> references)
    {
        Requests = requests;
        CreateIds = createIds;
        Existing = existing;
        References = references;
    }

    /// <summary>The entries' requests (conditional updates rewritten to <c>Type/id</c>).</summary>
    public FhirRequest[] Requests { get; }

    /// <summary>For entries that create: the id to create with.</summary>
    public string?[] CreateIds { get; }

    /// <summary>For conditional creates that matched: the existing resource (nothing is written).</summary>
    public StoredResource?[] Existing { get; }

    /// <summary>fullUrls and conditional references, mapped to <c>Type/id</c>.</summary>
    public Dictionary<string, string> References { get; }

    public static async Task<TransactionPlan> BuildAsync(Bundle bundle, FhirRequest outer, SearchService search, CancellationToken cancellationToken)
    {
        var requests = bundle.Entry.Select((entry, i) => BundleEntryRequest.From(entry, i, outer)).ToArray();
        var createIds = new string?[requests.Length];
        var existing = new StoredResource?[requests.Length];
        var references = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < requests.Length; i++)
        {
            var request = requests[i];
            var resource = request.Resource;
            var isTypeLevel = request.Path.Length > 0 && !request.Path.Contains('/', StringComparison.Ordinal);
            var segments = request.Path.Split('/');
            if (request.Method is "POST" or "PUT" && resource is not null && segments[0] != resource.TypeName && ModelInfo.IsKnownResource(segments[0]) && !segments.Any(s => s.StartsWith('$') || s == "_search"))
            {
                // Created ids are assigned here, before the entries run: the URL's type is checked here too. A URL
                // naming no FHIR type is the published TDDUI examples' defect (their profile names, TDDUIPatientINS):
                // the resource's own type is meant, as the guide's transaction is.
                throw new FhirException(FhirErrorKind.Invalid, $"Entry {i}: the resource is a {resource.TypeName} but its request.url is for {segments[0]}.", OperationOutcome.IssueType.Invalid, $"Bundle.entry[{i}].request.url");
            }

            string? target = null;
            if (request.Method == "POST" && resource is not null && isTypeLevel)
            {
                existing[i] = request.IfNoneExist is { } condition ? await SingleAsync(search, resource.TypeName, condition, i, cancellationToken) : null;
                createIds[i] = existing[i] is null ? ResourceIds.New() : null;
                target = $"{resource.TypeName}/{existing[i]?.Id ?? createIds[i]}";
            }
            else if (request.Method == "PUT" && resource is not null && isTypeLevel)
            {
                var criteria = QueryStringParser.Format(request.Query);
                var match = await SingleAsync(search, request.Path, criteria, i, cancellationToken);
                var id = match?.Id ?? resource.Id;
                if (id is null)
                {
                    createIds[i] = ResourceIds.New();
                    target = $"{request.Path}/{createIds[i]}";
                }
                else
                {
                    resource.Id ??= id;
                    requests[i] = request with { Path = $"{request.Path}/{id}", Query = [] };
                    target = requests[i].Path;
                }
            }
            else if (request.Method == "PUT" && resource is not null && request.Path.Split('/') is [var type, var putId])
            {
                target = $"{type}/{putId}";
            }

            var fullUrl = bundle.Entry[i].FullUrl;
            if (fullUrl is not null && target is not null && !references.TryAdd(fullUrl, target))
            {
                throw BundleEntryRequest.EntryError(i, $"repeats the fullUrl {fullUrl}.", "fullUrl");
            }
        }

        await ResolveConditionalReferencesAsync(bundle, search, references, cancellationToken);
        return new TransactionPlan(requests, createIds, existing, references);
    }

    private static async Task ResolveConditionalReferencesAsync(Bundle bundle, SearchService search, Dictionary<string, string> references, CancellationToken cancellationToken)
    {
        var conditional = bundle.Entry
            .SelectMany(e => e.Resource is { } resource ? ResourceReferences.Of(resource) : [])
            .Select(r => r.Reference)
            .OfType<string>()
            .Where(r => r.Contains('?', StringComparison.Ordinal) && !references.ContainsKey(r))
            .Distinct()
            .ToList();
        foreach (var reference in conditional)
        {
            var type = reference[..reference.IndexOf('?', StringComparison.Ordinal)];
            ResourceIds.EnsureKnownType(type);
            var matches = await search.MatchAsync(type, reference, cancellationToken);
            references[reference] = matches.Count == 1
                ? $"{type}/{matches[0].Id}"
                : throw new FhirException(FhirErrorKind.PreconditionFailed, $"The conditional reference {ResourceIds.Truncate(reference)} matches {(matches.Count == 0 ? "no" : "more than one")} {type}; it must match exactly one.", OperationOutcome.IssueType.MultipleMatches);
        }
    }

    private static async Task<StoredResource?> SingleAsync(SearchService search, string type, string criteria, int index, CancellationToken cancellationToken)
    {
        var matches = await search.MatchAsync(type, criteria, cancellationToken);
        return matches.Count <= 1
            ? (matches.Count == 0 ? null : matches[0])
            : throw new FhirException(FhirErrorKind.PreconditionFailed, $"Bundle.entry[{index}]: the criteria {ResourceIds.Truncate(criteria)} match more than one {type}.", OperationOutcome.IssueType.MultipleMatches);
    }
}
