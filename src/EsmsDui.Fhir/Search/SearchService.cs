using System.Globalization;
using EsmsDui.Fhir.Access;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Primitives;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Serialization;
using EsmsDui.Fhir.Storage;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Search;

/// <summary>
/// Type, system and compartment search as <c>searchset</c> Bundles, and the matching behind conditional interactions.
/// </summary>
public sealed partial class SearchService(ISearchStore store, SearchQueryParser parser, FhirSerializer serializer, AccessContext access, TimeProvider clock)
{
    /// <summary>How many times <c>:iterate</c> includes are followed (the first round included).</summary>
    public const int MaxIncludeRounds = 4;

    /// <summary>Runs the search of the request on a type and returns one page.</summary>
    public Task<Bundle> SearchAsync(string resourceType, ReadQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        access.Demand(resourceType, SmartPermissions.Search);
        return RunAsync(parser.Parse(resourceType, request.Parameters, request.Strict), request, resourceType, cancellationToken);
    }

    /// <summary>Searches every type, or those of <c>_type</c>, with the parameters they share.</summary>
    public Task<Bundle> SearchAllAsync(ReadQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var types = request.Parameters.Where(p => p.Key == "_type").SelectMany(p => p.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct().Select(KnownType).ToList();
        foreach (var type in types)
        {
            access.Demand(type, SmartPermissions.Search);
        }

        // Without _type, a caller who may not search every type searches those it may.
        if (types.Count == 0 && !access.AllowsEveryType(SmartPermissions.Search))
        {
            types = [.. Searchable(ResourceIds.KnownTypes)];
            if (types.Count == 0)
            {
                access.DemandEveryType(SmartPermissions.Search, "A search of the whole server");
            }
        }

        return RunAsync(parser.Parse(types, request.Parameters, request.Strict), request, string.Empty, cancellationToken);
    }

    /// <summary>
    /// Searches the compartment of <paramref name="compartmentType"/>/<paramref name="id"/> for resources of
    /// <paramref name="memberType"/> (<c>*</c>: of every member type).
    /// </summary>
    public Task<Bundle> SearchCompartmentAsync(string compartmentType, string id, string memberType, ReadQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (memberType != SearchQuery.AllTypes)
        {
            access.Demand(memberType, SmartPermissions.Search);
        }

        var members = memberType == SearchQuery.AllTypes ? Restricted(compartmentType, SmartPermissions.Search) : [memberType];
        var query = CompartmentQuery(compartmentType, id, members, request.Parameters, request.Strict);
        return RunAsync(query, request, $"{compartmentType}/{id}/{memberType}", cancellationToken);
    }

    /// <summary>
    /// The compartment of <paramref name="compartmentType"/>/<paramref name="id"/> as an export (<c>$everything</c>):
    /// its members of <paramref name="types"/> (every member type when null) meeting <paramref name="criteria"/>, each
    /// page with the resources they reference and those that refer to them by <paramref name="referringBy"/> (type and
    /// reference parameter, e.g. Task by <c>based-on</c>: actions are outside the R4 compartment); the paging links go
    /// to <paramref name="path"/> with the request's query.
    /// </summary>
    public Task<Bundle> ExportCompartmentAsync(
        string compartmentType,
        string id,
        IReadOnlyList<string>? types,
        IReadOnlyList<KeyValuePair<string, string>> criteria,
        IReadOnlyList<(string Type, string Parameter)> referringBy,
        ReadQuery request,
        string path,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(referringBy);
        // An export holds what the caller may read; the rest is left out, as from a search.
        types = types is null ? Restricted(compartmentType, SmartPermissions.Read) : [.. types.Where(t => access.Allows(t, SmartPermissions.Read))];
        var reverse = referringBy
            .Where(r => access.Allows(r.Type, SmartPermissions.Read))
            .Select(r => parser.IndexNameOf(r.Type, r.Parameter) is { } name ? new IncludeSpec(r.Type, name, null, Reverse: true, Iterate: false) : null)
            .OfType<IncludeSpec>();
        var query = CompartmentQuery(compartmentType, id, types, criteria, strict: true) with
        {
            Includes = [new IncludeSpec(null, null, null, Reverse: false, Iterate: false), .. reverse],
        };
        return RunAsync(query, request, path, cancellationToken);
    }

    /// <summary>
    /// Every current resource of the compartment of <paramref name="compartmentType"/>/<paramref name="id"/> (the
    /// owner included), for exports that need all of it at once; 422 beyond <paramref name="limit"/> resources.
    /// </summary>
    public async Task<IReadOnlyList<StoredResource>> CompartmentAsync(string compartmentType, string id, int limit, CancellationToken cancellationToken)
    {
        var query = CompartmentQuery(compartmentType, id, null, [], strict: true) with { Count = limit + 1 };
        var page = await store.SearchAsync(query, cancellationToken);
        return page.Matches.Count <= limit
            ? page.Matches
            : throw new FhirException(FhirErrorKind.Unprocessable, $"The {compartmentType} compartment of {id} holds more than {limit} resources: too many for one export.", OperationOutcome.IssueType.TooCostly);
    }

    private SearchQuery CompartmentQuery(string compartmentType, string id, IReadOnlyList<string>? memberTypes, IReadOnlyList<KeyValuePair<string, string>> parameters, bool strict)
    {
        var definition = CompartmentDefinitions.Members(compartmentType)
            ?? throw new FhirException(FhirErrorKind.NotFound, $"{compartmentType} is not a compartment.", OperationOutcome.IssueType.NotFound);
        var types = memberTypes ?? [.. definition.Keys.Append(compartmentType).Distinct()];
        if (types.FirstOrDefault(t => !definition.ContainsKey(t) && t != compartmentType) is { } outside)
        {
            throw new FhirException(FhirErrorKind.NotFound, $"{outside} resources are not in the {compartmentType} compartment.", OperationOutcome.IssueType.NotFound);
        }

        var members = types.Select(type => new CompartmentMember(
            type,
            [.. (definition.TryGetValue(type, out var names) ? names : []).Select(name => parser.IndexNameOf(type, name)).OfType<string>()],
            type == compartmentType)).ToList();
        var query = parser.Parse(types, parameters, strict);
        if (SearchQueryParser.SearchesContained(query))
        {
            throw new FhirException(FhirErrorKind.Invalid, "_contained is not supported in a compartment search.", OperationOutcome.IssueType.NotSupported);
        }

        return query with { Criteria = [new CompartmentCriterion(compartmentType, id, members), .. query.Criteria] };
    }


    private static string KnownType(string type) => ResourceIds.IsKnownType(type)
        ? type
        : throw new FhirException(FhirErrorKind.Invalid, $"'{ResourceIds.Truncate(type)}' in _type is not a resource type.", OperationOutcome.IssueType.Value);

    private async Task<Bundle> RunAsync(SearchQuery query, ReadQuery request, string path, CancellationToken cancellationToken)
    {
        if (request.Value("_summary") == "count")
        {
            query = query with { Count = 0, IncludeTotal = true };
        }

        DemandSearchThrough(query.Criteria);
        if (Restriction() is { } establishments)
        {
            query = query with { Criteria = [.. query.Criteria, establishments] };
        }

        var page = await store.SearchAsync(query, cancellationToken);
        if (Restriction() is not null)
        {
            _reachable.UnionWith(page.Matches.Select(m => (m.ResourceType, m.Id)));
        }

        var bundle = new Bundle
        {
            Id = ResourceIds.New(),
            Type = Bundle.BundleType.Searchset,
            Meta = new Meta { LastUpdated = clock.UtcNowMilliseconds() },
            Total = page.Total,
        };
        AddLinks(bundle, request, path, query, page);

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
            // Included resources the caller may not read are left out (SMART: never returned, not an error).
            var readable = (await store.IncludeAsync(page.Matches, query.Includes, MaxIncludeRounds, cancellationToken)).Where(i => access.Allows(i.ResourceType, SmartPermissions.Read)).ToList();
            var visible = await ReachableAmongAsync(readable.Select(r => (r.ResourceType, r.Id)), cancellationToken);
            foreach (var included in readable.Where(i => visible.Contains((i.ResourceType, i.Id))))
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
    private static void AddLinks(Bundle bundle, ReadQuery request, string path, SearchQuery query, SearchPage page)
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
}
