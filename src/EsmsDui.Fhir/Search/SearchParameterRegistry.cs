using System.Collections.Frozen;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Search;

/// <summary>
/// The search parameters of FHIR R4 core and of the loaded packages (PDSm <c>isArchived</c>…), per resource type,
/// plus the common ones of every resource (<c>_id</c>, <c>_lastUpdated</c>, <c>_tag</c>, <c>_profile</c>,
/// <c>_security</c>, <c>_source</c>). A package parameter whose code a core one of the same type already has is
/// left out: core meaning wins.
/// Special parameters (near, …) are left out, so the server never claims or silently ignores them.
/// </summary>
public sealed class SearchParameterRegistry
{
    /// <summary>The parameter types the index holds.</summary>
    public static readonly IReadOnlySet<SearchParamType> IndexedTypes =
        new HashSet<SearchParamType> { SearchParamType.Token, SearchParamType.String, SearchParamType.Reference, SearchParamType.Date, SearchParamType.Uri, SearchParamType.Number, SearchParamType.Quantity, SearchParamType.Composite };

    private static readonly SearchParameterInfo[] Common =
    [
        new("_tag", SearchParamType.Token, "Resource.meta.tag", []),
        new("_profile", SearchParamType.Uri, "Resource.meta.profile", []),
        new("_security", SearchParamType.Token, "Resource.meta.security", []),
        new("_source", SearchParamType.Uri, "Resource.meta.source", []),
    ];

    private readonly FrozenDictionary<string, FrozenDictionary<string, SearchParameterInfo>> _byType;
    private readonly FrozenDictionary<string, SearchParameterInfo[]> _indexedByType;

    /// <summary>Builds the registry from the SDK's R4 definitions only.</summary>
    public SearchParameterRegistry()
        : this([])
    {
    }

    /// <summary>Builds the registry from the SDK's R4 definitions and <paramref name="additional"/> ones (of loaded packages).</summary>
    public SearchParameterRegistry(IEnumerable<SearchParameter> additional)
    {
        var core = ModelInfo.SearchParameters
            .Concat(additional.SelectMany(Definitions))
            .Where(p => p.Resource is not null && p.Expression is not null && IndexedTypes.Contains(p.Type))
            .GroupBy(p => p.Resource!)
            .ToDictionary(g => g.Key, g => g.Select(p => Info(g.Key, p)).OfType<SearchParameterInfo>().ToList());
        _byType = ModelInfo.SupportedResources.ToFrozenDictionary(
            type => type,
            type => ShareIdenticalIndexes((core.TryGetValue(type, out var own) ? own : []).Concat(Common).GroupBy(p => p.Name).Select(g => g.First()))
                .ToFrozenDictionary(p => p.Name, StringComparer.Ordinal))
            .Append(new(SearchQuery.AllTypes, Common.ToFrozenDictionary(p => p.Name, StringComparer.Ordinal)))
            .ToFrozenDictionary();
        _indexedByType = _byType.ToFrozenDictionary(t => t.Key, t => t.Value.Values.Where(p => p.IsIndexed).ToArray());
    }

    /// <summary>The registry over the SearchParameters of the loaded packages.</summary>
    public static SearchParameterRegistry For(Conformance.PackageResourceResolver packages)
    {
        ArgumentNullException.ThrowIfNull(packages);
        return new SearchParameterRegistry(packages.All
            .Where(e => e.Resource.ResourceType == "SearchParameter")
            .Select(e => packages.Parse(e.Package, e.Resource))
            .OfType<SearchParameter>()
            .Where(p => p.Status != PublicationStatus.Retired));
    }

    // One definition per base type, as the SDK lists its own; R5 types (DeviceUsage) and unknown ones are left out.
    private static IEnumerable<SearchParamDefinition> Definitions(SearchParameter parameter) =>
        R4Types(parameter.BaseElement).Select(type => new SearchParamDefinition
        {
            Resource = type,
            Name = parameter.Code ?? parameter.Name,
            Code = parameter.Code,
            Url = parameter.Url,
            Type = parameter.Type ?? SearchParamType.Special,
            Expression = parameter.Expression,
            Target = [.. R4Types(parameter.TargetElement).Select(t => Enum.Parse<VersionIndependentResourceTypesAll>(t))],
            Component = [.. parameter.Component.Select(c => new SearchParamComponent(c.Definition ?? string.Empty, c.Expression ?? string.Empty))],
        });

    private static IEnumerable<string> R4Types(IEnumerable<Code<ResourceType>> codes) =>
        codes.Select(c => ((PrimitiveType)c).ToString()).Where(t => t is not null && ModelInfo.IsKnownResource(t) && Enum.IsDefined(typeof(VersionIndependentResourceTypesAll), t))!;

    // A composite's components take their types from the parameters they name; one naming an unknown one is left out.
    private static SearchParameterInfo? Info(string resourceType, SearchParamDefinition definition)
    {
        var name = definition.Code ?? definition.Name!;
        var info = new SearchParameterInfo(name, definition.Type, ExpressionNarrowing.For(resourceType, definition.Expression!), [.. (definition.Target ?? []).Select(t => t.ToString())]);
        if (definition.Type != SearchParamType.Composite)
        {
            return info with { IsSingleValued = info.FastPath?.IsSingleValued(resourceType) == true };
        }

        var components = (definition.Component ?? []).Select((component, index) =>
            ModelInfo.SearchParameters.FirstOrDefault(p => p.Url == component.Definition) is { } target && IndexedTypes.Contains(target.Type) && target.Type != SearchParamType.Composite
                ? new SearchParameterInfo(SearchParameterInfo.ComponentName(name, index), target.Type, FhirCasts(component.Expression), [.. (target.Target ?? []).Select(t => t.ToString())])
                {
                    FastPath = PathSelector.TryCreateRelative(component.Expression),
                }
                : null).ToList();
        return components.Count > 0 && components.All(c => c is not null) ? info with { Components = components! } : null;
    }

    // R4 writes value.as(DateTime): FHIRPath reads that as System.DateTime, which a FHIR dateTime is not, so the
    // component would never have a value. The FHIR type names are what the definition means.
    private static string FhirCasts(string expression) =>
        System.Text.RegularExpressions.Regex.Replace(expression, @"\.as\((?<type>[A-Z][A-Za-z]+)\)", m =>
        {
            var type = m.Groups["type"].Value;
            var fhir = char.ToLowerInvariant(type[0]) + type[1..];
            return ModelInfo.IsPrimitive(fhir) ? $".as({fhir})" : m.Value;
        });

    // Parameters of one type with the same expression and type have the same values: one set of rows serves all.
    // Composites differ by their components, not their expression, so each keeps its own rows.
    private static IEnumerable<SearchParameterInfo> ShareIdenticalIndexes(IEnumerable<SearchParameterInfo> parameters) =>
        parameters.GroupBy(p => (p.Expression, p.Type, Composite: p.Type == SearchParamType.Composite ? p.Name : null)).SelectMany(group =>
        {
            var owner = group.OrderBy(p => p.Name, StringComparer.Ordinal).First().Name;
            return group.Select(p => p with { IndexName = owner });
        });

    /// <summary>Every indexed parameter of a resource type.</summary>
    public IEnumerable<SearchParameterInfo> For(string resourceType) =>
        _byType.TryGetValue(resourceType, out var parameters) ? parameters.Values : [];

    /// <summary>The parameters whose values a resource of the type is indexed under (shared ones once), for every write.</summary>
    public IReadOnlyList<SearchParameterInfo> IndexedFor(string resourceType) =>
        _indexedByType.TryGetValue(resourceType, out var parameters) ? parameters : [];

    /// <summary>One parameter of a type, or null when the server does not index it.</summary>
    public SearchParameterInfo? Find(string resourceType, string name) =>
        _byType.TryGetValue(resourceType, out var parameters) && parameters.TryGetValue(name, out var parameter) ? parameter : null;
}
