using System.Collections.Frozen;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Search;

/// <summary>
/// The search parameters of FHIR R4 core, per resource type, plus the common ones of every resource
/// (<c>_id</c>, <c>_lastUpdated</c>, <c>_tag</c>, <c>_profile</c>, <c>_security</c>, <c>_source</c>).
/// Types the index does not hold yet (composite, special) are left out, so the server never claims or
/// silently ignores them.
/// </summary>
public sealed class SearchParameterRegistry
{
    /// <summary>The parameter types the index holds.</summary>
    public static readonly IReadOnlySet<SearchParamType> IndexedTypes =
        new HashSet<SearchParamType> { SearchParamType.Token, SearchParamType.String, SearchParamType.Reference, SearchParamType.Date, SearchParamType.Uri, SearchParamType.Number, SearchParamType.Quantity };

    private static readonly SearchParameterInfo[] Common =
    [
        new("_tag", SearchParamType.Token, "Resource.meta.tag", []),
        new("_profile", SearchParamType.Uri, "Resource.meta.profile", []),
        new("_security", SearchParamType.Token, "Resource.meta.security", []),
        new("_source", SearchParamType.Uri, "Resource.meta.source", []),
    ];

    private readonly FrozenDictionary<string, FrozenDictionary<string, SearchParameterInfo>> _byType;

    /// <summary>Builds the registry from the SDK's R4 definitions.</summary>
    public SearchParameterRegistry()
    {
        var core = ModelInfo.SearchParameters
            .Where(p => p.Resource is not null && p.Expression is not null && IndexedTypes.Contains(p.Type))
            .GroupBy(p => p.Resource!)
            .ToDictionary(g => g.Key, g => g.Select(p => new SearchParameterInfo(p.Code ?? p.Name!, p.Type, ExpressionNarrowing.For(g.Key, p.Expression!), [.. (p.Target ?? []).Select(t => t.ToString())])).ToList());
        _byType = ModelInfo.SupportedResources.ToFrozenDictionary(
            type => type,
            type => ShareIdenticalIndexes((core.TryGetValue(type, out var own) ? own : []).Concat(Common).GroupBy(p => p.Name).Select(g => g.First()))
                .ToFrozenDictionary(p => p.Name, StringComparer.Ordinal))
            .Append(new(SearchQuery.AllTypes, Common.ToFrozenDictionary(p => p.Name, StringComparer.Ordinal)))
            .ToFrozenDictionary();
    }

    // Parameters of one type with the same expression and type have the same values: one set of rows serves all.
    private static IEnumerable<SearchParameterInfo> ShareIdenticalIndexes(IEnumerable<SearchParameterInfo> parameters) =>
        parameters.GroupBy(p => (p.Expression, p.Type)).SelectMany(group =>
        {
            var owner = group.OrderBy(p => p.Name, StringComparer.Ordinal).First().Name;
            return group.Select(p => p with { IndexName = owner });
        });

    /// <summary>Every indexed parameter of a resource type.</summary>
    public IEnumerable<SearchParameterInfo> For(string resourceType) =>
        _byType.TryGetValue(resourceType, out var parameters) ? parameters.Values : [];

    /// <summary>One parameter of a type, or null when the server does not index it.</summary>
    public SearchParameterInfo? Find(string resourceType, string name) =>
        _byType.TryGetValue(resourceType, out var parameters) && parameters.TryGetValue(name, out var parameter) ? parameter : null;
}
