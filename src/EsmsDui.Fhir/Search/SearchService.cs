using System.Globalization;
using EsmsDui.Fhir.Access;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Interactions;
using EsmsDui.Fhir.Primitives;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Serialization;
using EsmsDui.Fhir.Storage;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Search;

/// <summary>
/// Type, system and compartment search as <c>searchset</c> Bundles, and the matching behind conditional interactions.
/// </summary>
public sealed class SearchService(ISearchStore store, SearchQueryParser parser, FhirSerializer serializer, AccessContext access, TimeProvider clock)
{
    /// <summary>How many times <c>:iterate</c> includes are followed (the first round included).</summary>
    public const int MaxIncludeRounds = 4;

    /// <summary>Runs the search of the request on a type and returns one page.</summary>
    public Task<Bundle> SearchAsync(string resourceType, FhirRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        access.Demand(resourceType, SmartPermissions.Search);
        return RunAsync(parser.Parse(resourceType, request.Query, request.StrictHandling), request, resourceType, cancellationToken);
    }

    /// <summary>Searches every type, or those of <c>_type</c>, with the parameters they share.</summary>
    public Task<Bundle> SearchAllAsync(FhirRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var types = request.Query.Where(p => p.Key == "_type").SelectMany(p => p.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
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

        return RunAsync(parser.Parse(types, request.Query, request.StrictHandling), request, string.Empty, cancellationToken);
    }

    /// <summary>
    /// Searches the compartment of <paramref name="compartmentType"/>/<paramref name="id"/> for resources of
    /// <paramref name="memberType"/> (<c>*</c>: of every member type).
    /// </summary>
    public Task<Bundle> SearchCompartmentAsync(string compartmentType, string id, string memberType, FhirRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (memberType != SearchQuery.AllTypes)
        {
            access.Demand(memberType, SmartPermissions.Search);
        }

        var members = memberType == SearchQuery.AllTypes ? Restricted(compartmentType, SmartPermissions.Search) : [memberType];
        var query = CompartmentQuery(compartmentType, id, members, request.Query, request.StrictHandling);
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
        FhirRequest request,
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

    // The member types of a compartment (the owner included) the caller may use; null when it may use them all.
    private List<string>? Restricted(string compartmentType, SmartPermissions permissions)
    {
        if (access.AllowsEveryType(permissions))
        {
            return null;
        }

        var definition = CompartmentDefinitions.Members(compartmentType)
            ?? throw new FhirException(FhirErrorKind.NotFound, $"{compartmentType} is not a compartment.", OperationOutcome.IssueType.NotFound);
        var allowed = definition.Keys.Append(compartmentType).Distinct().Where(t => access.Allows(t, permissions)).ToList();
        return allowed.Count > 0
            ? allowed
            : throw new FhirException(FhirErrorKind.Forbidden, $"The access token allows no type of the {compartmentType} compartment.", OperationOutcome.IssueType.Forbidden);
    }

    private IEnumerable<string> Searchable(IEnumerable<string> types) => types.Where(t => access.Allows(t, SmartPermissions.Search));

    // A chain or _has tells about the resources it goes through: the caller must be allowed to search them.
    private void DemandSearchThrough(IEnumerable<SearchCriterion> criteria)
    {
        foreach (var criterion in criteria)
        {
            switch (criterion)
            {
                case ChainCriterion chain:
                    foreach (var target in chain.Targets)
                    {
                        access.Demand(target.ResourceType, SmartPermissions.Search);
                        DemandSearchThrough([target.Criterion]);
                    }

                    break;
                case HasCriterion has:
                    access.Demand(has.SourceType, SmartPermissions.Search);
                    DemandSearchThrough([has.Criterion]);
                    break;
                case CompositeCriterion composite:
                    DemandSearchThrough(composite.Values.SelectMany(v => v));
                    break;
                case ContainedCriterion contained:
                    DemandSearchThrough(contained.ContainedCriteria.Concat(contained.Criteria));
                    break;
            }
        }
    }

    private EstablishmentCriterion? _restriction;

    // What this request already found within the caller's reach (a restricted search's matches, a visibility check):
    // the disclosure gate asks again for what leaves, and need not query what a restricted query already returned.
    private readonly HashSet<(string Type, string Id)> _reachable = [];

    /// <summary>The limit of a caller reaching some usagers only (establishment, usager in context), or null.</summary>
    private EstablishmentCriterion? Restriction()
    {
        if (!access.IsLimitedToSomeUsagers)
        {
            return null;
        }

        if (_restriction is null)
        {
            var definition = CompartmentDefinitions.Members("Patient")!;
            string Index(string type, string name) => parser.IndexNameOf(type, name) ?? name;
            _restriction = new EstablishmentCriterion(
                access.Establishments,
                access.Patient,
                [.. definition.Keys.Append("Patient").Distinct()],
                [.. definition.SelectMany(d => d.Value.Select(name => parser.IndexNameOf(d.Key, name))).OfType<string>().Distinct()],
                Index("Patient", "organization"),
                Index("Encounter", "service-provider"),
                [.. new[] { Index("Encounter", "patient"), Index("Encounter", "subject") }.Distinct()]);
        }

        return _restriction;
    }

    /// <summary>True when the caller may reach <paramref name="resourceType"/>/<paramref name="id"/> (establishment-level access).</summary>
    public async Task<bool> IsVisibleAsync(string resourceType, string id, CancellationToken cancellationToken)
    {
        if (Restriction() is not { } establishments || !establishments.MemberTypes.Contains(resourceType))
        {
            return true;
        }

        if (_reachable.Contains((resourceType, id)))
        {
            return true;
        }

        var query = parser.Parse(resourceType, [new("_id", id)], strict: true) with { Count = 1 };
        var visible = (await store.SearchAsync(query with { Criteria = [.. query.Criteria, establishments] }, cancellationToken)).Matches.Count > 0;
        if (visible)
        {
            _reachable.Add((resourceType, id));
        }

        return visible;
    }

    /// <summary>
    /// 403 when the resource exists but the caller may not reach it (establishment-level access); an unknown one is
    /// left to the caller's own 404.
    /// </summary>
    public async Task EnsureVisibleAsync(string resourceType, string id, CancellationToken cancellationToken)
    {
        if (await IsVisibleAsync(resourceType, id, cancellationToken))
        {
            return;
        }

        var exists = parser.Parse(resourceType, [new("_id", id)], strict: true) with { Count = 1 };
        if ((await store.SearchAsync(exists, cancellationToken)).Matches.Count > 0)
        {
            throw new FhirException(FhirErrorKind.Forbidden,
                access.Patient is { } usager
                    ? $"{resourceType}/{id} is not part of the record of Patient/{usager}, the usager this access token is for."
                    : $"{resourceType}/{id} is not a record of a usager of the establishments this access token reaches.", OperationOutcome.IssueType.Forbidden);
        }
    }

    /// <summary>
    /// The resources among <paramref name="resources"/> (type and id) that the caller may reach (establishment-level
    /// access, usager in context), one query per type for those not already known reachable in this request.
    /// </summary>
    public async Task<HashSet<(string Type, string Id)>> ReachableAmongAsync(IEnumerable<(string Type, string Id)> resources, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var visible = resources.ToHashSet();
        if (Restriction() is not { } establishments)
        {
            return visible;
        }

        foreach (var group in visible.Where(r => establishments.MemberTypes.Contains(r.Type) && !_reachable.Contains(r)).GroupBy(r => r.Type).ToList())
        {
            var ids = group.Select(r => r.Id).Distinct().ToList();
            var query = parser.Parse(group.Key, [new("_id", string.Join(',', ids))], strict: true) with { Count = ids.Count };
            var reachable = (await store.SearchAsync(query with { Criteria = [.. query.Criteria, establishments] }, cancellationToken)).Matches.Select(m => m.Id).ToHashSet();
            visible.RemoveWhere(v => v.Type == group.Key && !reachable.Contains(v.Id));
            _reachable.UnionWith(reachable.Select(id => (group.Key, id)));
        }

        return visible;
    }

    private static string KnownType(string type) => ResourceIds.IsKnownType(type)
        ? type
        : throw new FhirException(FhirErrorKind.Invalid, $"'{ResourceIds.Truncate(type)}' in _type is not a resource type.", OperationOutcome.IssueType.Value);

    private async Task<Bundle> RunAsync(SearchQuery query, FhirRequest request, string path, CancellationToken cancellationToken)
    {
        if (request.QueryValue("_summary") == "count")
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
