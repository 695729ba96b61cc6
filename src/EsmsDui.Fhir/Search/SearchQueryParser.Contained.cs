using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Primitives;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Search;

/// <summary><c>_contained</c> and <c>_containedType</c>.</summary>
public sealed partial class SearchQueryParser
{
    private static readonly string[] ContainedParameters = ["_contained", "_containedType"];

    /// <summary>True when the query asks for contained resources (<c>_contained=true|both</c>).</summary>
    public static bool SearchesContained(SearchQuery query) => query?.Criteria.Any(c => c is ContainedCriterion) == true;

    // _contained=true|both turns the criteria on the type into criteria on the contained resources of that type; the
    // matches are their containers, of any type (_containedType=container, the default and only form served).
    private static SearchQuery WithContained(SearchQuery query, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var containedType = Last(parameters, "_containedType");
        if (containedType is not null and not "container")
        {
            throw Unsupported("_containedType", containedType == "contained"
                ? "contained resources are returned inside their containers (_containedType=container)"
                : $"'{ResourceIds.Truncate(containedType)}' is not container or contained");
        }

        var mode = Last(parameters, "_contained");
        if (mode is null or "false")
        {
            return query;
        }

        if (mode is not "true" and not "both")
        {
            throw new FhirException(FhirErrorKind.Invalid, $"_contained is true, false or both, not '{ResourceIds.Truncate(mode)}'.", OperationOutcome.IssueType.Value);
        }

        if (query.ResourceType == SearchQuery.AllTypes)
        {
            throw Unsupported("_contained", "it searches the contained resources of one type (Observation?_contained=true&code=…)");
        }

        if (query.Sort.Count > 0)
        {
            throw Unsupported("_sort", "containers cannot be sorted by the values of what they contain");
        }

        var type = query.ResourceType;
        var contained = query.Criteria.Select(criterion => ToContained(type, criterion)).ToList();
        return query with { ResourceType = SearchQuery.AllTypes, Criteria = [new ContainedCriterion(type, contained, query.Criteria, mode == "both")] };
    }

    private static SearchCriterion ToContained(string type, SearchCriterion criterion) => criterion switch
    {
        IdCriterion id => new TokenCriterion(SearchModifiers.Contained(type, "_id"), [.. id.Ids.Select(value => new TokenValue(null, value, AnySystem: true))], Not: false),
        TokenCriterion { Not: false } or UriCriterion or StringCriterion or DateCriterion or ReferenceCriterion or NumberCriterion or QuantityCriterion =>
            criterion with { Parameter = SearchModifiers.Contained(type, criterion.Parameter) },
        _ => throw Unsupported(criterion.Parameter, "with _contained, only the contained resource's own values can be searched (no :not, :missing, chain, _has, composite or _lastUpdated)"),
    };

    private static string? Last(IReadOnlyList<KeyValuePair<string, string>> parameters, string key) =>
        parameters.LastOrDefault(p => p.Key == key) is { Key: not null } found ? found.Value : null;
}
