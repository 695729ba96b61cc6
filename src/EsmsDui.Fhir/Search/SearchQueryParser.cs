using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Primitives;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Settings;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace EsmsDui.Fhir.Search;

/// <summary>
/// Parses search parameters into a <see cref="SearchQuery"/>. Unknown parameters are ignored and reported
/// (lenient) or refused (strict); a known parameter with a modifier or chain the server cannot honour is
/// always refused, since ignoring it would return more than was asked.
/// </summary>
public sealed partial class SearchQueryParser(SearchParameterRegistry registry, Terminology.LocalTerminology terminology, IOptions<FhirEngineOptions> options)
{
    /// <summary>Parameters that shape the answer rather than select resources.</summary>
    private static readonly HashSet<string> ResultParameters =
        ["_format", "_pretty", "_summary", "_elements", "_count", "_total", "_sort", "_type", .. PagePosition.Parameters];

    /// <summary>
    /// Parses a search over several types (or every type, when <paramref name="types"/> is empty): each parameter
    /// must mean the same on every type, so one set of criteria serves them all.
    /// </summary>
    public SearchQuery Parse(IReadOnlyList<string> types, IReadOnlyList<KeyValuePair<string, string>> query, bool strict)
    {
        ArgumentNullException.ThrowIfNull(types);
        if (types.Count == 1)
        {
            return Parse(types[0], query, strict);
        }

        var parsed = (types.Count == 0 ? [SearchQuery.AllTypes] : types).Select(type => Parse(type, query, strict)).ToList();
        if (parsed.Any(SearchesContained))
        {
            throw Unsupported("_contained", "it searches the contained resources of one type (Observation?_contained=true&code=…)");
        }

        var first = parsed[0];
        if (parsed.Any(p => !p.Criteria.Select(c => (c.GetType(), c.Parameter)).SequenceEqual(first.Criteria.Select(c => (c.GetType(), c.Parameter)))
            || !p.Ignored.SequenceEqual(first.Ignored)))
        {
            throw new FhirException(FhirErrorKind.Invalid, "Every search parameter of a search over several types must be defined on each of them.", OperationOutcome.IssueType.NotSupported);
        }

        return types.Count == 0 ? first : first with { ResourceType = types[0], Types = types };
    }

    /// <summary>Parses the query of a search on <paramref name="resourceType"/>.</summary>
    public SearchQuery Parse(string resourceType, IReadOnlyList<KeyValuePair<string, string>> query, bool strict)
    {
        ArgumentNullException.ThrowIfNull(query);
        var criteria = new List<SearchCriterion>();
        var includes = new List<IncludeSpec>();
        var ignored = new List<string>();
        foreach (var (key, value) in query)
        {
            if (ResultParameters.Contains(key) || ContainedParameters.Contains(key))
            {
                continue;
            }

            if (IncludeKey(key) is { } kind)
            {
                if (Include(value, kind.Reverse, kind.Iterate) is { } include)
                {
                    includes.Add(include);
                }
                else if (strict)
                {
                    throw Unsupported(key, $"'{ResourceIds.Truncate(value)}' is not Type:reference-parameter[:TargetType] or *");
                }
                else
                {
                    ignored.Add($"{key}={value}");
                }

                continue;
            }

            var criterion = Criterion(resourceType, key, value);
            if (criterion is not null)
            {
                criteria.Add(criterion);
            }
            else if (strict)
            {
                throw new FhirException(FhirErrorKind.Invalid, $"Search parameter '{ResourceIds.Truncate(key)}' is not supported on {resourceType}.", OperationOutcome.IssueType.NotSupported);
            }
            else
            {
                ignored.Add(key);
            }
        }

        return WithContained(
            new SearchQuery(resourceType, MergeRanges(resourceType, criteria), Count(query), Position(query), IncludeTotal(query), ignored)
            {
                Includes = includes,
                Sort = Sort(resourceType, query, strict, ignored),
                Snapshot = Long(query, PagePosition.SnapshotParameter),
            },
            query);
    }

    // Several one-value date criteria on a single-valued parameter all test that value: one criterion with all of
    // them is equivalent and lets the date index answer the range at once.
    private List<SearchCriterion> MergeRanges(string resourceType, List<SearchCriterion> criteria)
    {
        var ranges = criteria.OfType<DateCriterion>()
            .Where(d => d.Values.Count == 1 && registry.Find(resourceType, d.Parameter) is { IsSingleValued: true })
            .GroupBy(d => d.Parameter)
            .Where(g => g.Count() > 1)
            .ToList();
        foreach (var range in ranges)
        {
            criteria.RemoveAll(c => range.Contains(c));
            criteria.Add(new DateCriterion(range.Key, [.. range.SelectMany(d => d.Values)]) { AllOf = true });
        }

        return criteria;
    }

    /// <summary>The index name of a parameter of a type, or null when the type has no such parameter.</summary>
    public string? IndexNameOf(string resourceType, string name) => registry.Find(resourceType, name)?.IndexName;

    /// <summary>The criterion of one parameter on a type, or null when the type has no such parameter.</summary>
    private SearchCriterion? Criterion(string resourceType, string key, string value)
    {
        // Each level of _has or chain is one more nested query: a bound keeps a request's cost (and the SQL) bounded.
        var levels = CountOf(key, "_has:") + key.Count(c => c == '.');
        if (levels > MaxNesting)
        {
            throw Unsupported(key, $"_has and chains nest {levels} levels deep here; at most {MaxNesting} are searched");
        }

        if (key.StartsWith("_has:", StringComparison.Ordinal))
        {
            return Has(resourceType, key, value);
        }

        var dot = key.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            return Chain(resourceType, key, key[..dot], key[(dot + 1)..], value);
        }

        var colon = key.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? key : key[..colon];
        var modifier = colon < 0 ? null : key[(colon + 1)..];
        return name switch
        {
            "_id" when modifier is null => new IdCriterion(Split(value)),
            "_lastUpdated" when modifier is null => new LastUpdatedCriterion([.. Split(value).Select(v => Date(key, v))]),
            "_list" when modifier is null && registry.Find("List", "item") is { } item =>
                new HasCriterion("List", item.IndexName, new IdCriterion(Split(value)), resourceType),
            _ => registry.Find(resourceType, name) is { } parameter ? Parse(parameter, key, modifier, value) : null,
        };
    }

    // subject:Patient.name=x → the reference parameter, its target types, and the rest parsed on each target.
    private ChainCriterion Chain(string resourceType, string key, string head, string rest, string value)
    {
        var colon = head.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? head : head[..colon];
        var typeModifier = colon < 0 ? null : head[(colon + 1)..];
        if (registry.Find(resourceType, name) is not { Type: SearchParamType.Reference } parameter
            || (typeModifier is not null && !ResourceIds.IsKnownType(typeModifier)))
        {
            throw Unsupported(key, $"'{ResourceIds.Truncate(head)}' is not a reference parameter of {resourceType}");
        }

        var types = typeModifier is not null ? [typeModifier] : parameter.Targets.Count > 0 ? parameter.Targets : ModelInfo.SupportedResources;
        var targets = types
            .Select(type => Criterion(type, rest, value) is { } inner ? new ChainTarget(type, inner) : null)
            .OfType<ChainTarget>()
            .ToList();
        return targets.Count > 0
            ? new ChainCriterion(parameter.IndexName, targets)
            : throw Unsupported(key, $"no target type of '{name}' has a search parameter '{ResourceIds.Truncate(rest)}'");
    }

    /// <summary>The most levels of <c>_has</c> and chaining one search parameter may nest.</summary>
    public const int MaxNesting = 4;

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    // _has:Observation:patient:code=x, possibly nested (_has:Observation:patient:_has:…).
    private HasCriterion Has(string resourceType, string key, string value)
    {
        var parts = key.Split(':', 4);
        if (parts.Length < 4 || !ResourceIds.IsKnownType(parts[1]))
        {
            throw Unsupported(key, "_has needs _has:Type:reference:parameter with a known type");
        }

        var (source, referenceName, rest) = (parts[1], parts[2], parts[3]);
        if (registry.Find(source, referenceName) is not { Type: SearchParamType.Reference } reference
            || (reference.Targets.Count > 0 && !reference.Targets.Contains(resourceType)))
        {
            throw Unsupported(key, $"'{ResourceIds.Truncate(referenceName)}' is not a reference of {source} to {resourceType}");
        }

        return Criterion(source, rest, value) is { } inner
            ? new HasCriterion(source, reference.IndexName, inner, resourceType)
            : throw Unsupported(key, $"{source} has no search parameter '{ResourceIds.Truncate(rest)}'");
    }

    private static FhirException Unsupported(string key, string reason) =>
        new(FhirErrorKind.Invalid, $"Search parameter '{ResourceIds.Truncate(key)}' is not supported: {reason}.", OperationOutcome.IssueType.NotSupported);

    private SearchCriterion Parse(SearchParameterInfo parameter, string key, string? modifier, string value)
    {
        if (modifier == "missing")
        {
            // A composite is present when its first component is (it is indexed only when all are).
            var present = parameter.Components.Count > 0 ? parameter.Components[0] : parameter;
            return new MissingCriterion(present.IndexName, TableOf(present.Type), value switch
            {
                "true" => true,
                "false" => false,
                _ => throw Bad(key, value),
            });
        }

        var values = Split(value);
        return (parameter.Type, modifier) switch
        {
            (SearchParamType.Token, null or "not") => new TokenCriterion(parameter.IndexName, [.. values.Select(Token)], modifier == "not"),
            (SearchParamType.Token, "in" or "not-in") => new TokenCriterion(parameter.IndexName, [.. values.SelectMany(v => CodesOf(Unescape(v)))], modifier == "not-in"),
            (SearchParamType.Token, "below" or "above") => new TokenCriterion(parameter.IndexName, [.. values.SelectMany(v => Subsumed(key, v, modifier == "below"))], Not: false),
            (SearchParamType.Token, "text") => new StringCriterion(SearchModifiers.Text(parameter.IndexName), [.. values.Select(v => TextNormalizer.Normalize(Unescape(v)))], StringMatch.StartsWith),
            (SearchParamType.Token, "of-type") => new TokenCriterion(SearchModifiers.OfType(parameter.IndexName), [.. values.Select(v => OfType(key, v))], Not: false),
            (SearchParamType.Reference, "identifier") => new TokenCriterion(SearchModifiers.Identifier(parameter.IndexName), [.. values.Select(Token)], Not: false),
            (SearchParamType.Uri, "below") => new UriCriterion(parameter.IndexName, [.. values.Select(Unescape)], Below: true),
            (SearchParamType.Uri, "above") => new UriCriterion(parameter.IndexName, [.. values.SelectMany(v => UriAncestors(Unescape(v)))]),
            (SearchParamType.String, null) => new StringCriterion(parameter.IndexName, [.. values.Select(v => TextNormalizer.Normalize(Unescape(v)))], StringMatch.StartsWith),
            (SearchParamType.String, "exact") => new StringCriterion(parameter.IndexName, [.. values.Select(Unescape)], StringMatch.Exact),
            (SearchParamType.String, "contains") => new StringCriterion(parameter.IndexName, [.. values.Select(v => TextNormalizer.Normalize(Unescape(v)))], StringMatch.Contains),
            (SearchParamType.Date, null) => new DateCriterion(parameter.IndexName, [.. values.Select(v => Date(key, v))]),
            (SearchParamType.Number, null) => new NumberCriterion(parameter.IndexName, [.. values.Select(v => Number(key, v))]),
            (SearchParamType.Quantity, null) => new QuantityCriterion(parameter.IndexName, [.. values.Select(v => Quantity(key, v))]),
            (SearchParamType.Composite, null) => new CompositeCriterion(parameter.IndexName, [.. values.Select(v => Composite(parameter, key, v))]),
            (SearchParamType.Uri, null) => new UriCriterion(parameter.IndexName, [.. values.Select(Unescape)]),
            (SearchParamType.Reference, _) when modifier is null || ResourceIds.IsKnownType(modifier) =>
                new ReferenceCriterion(parameter.IndexName, [.. values.Select(v => Reference(parameter, modifier, v, key))]),
            _ => throw new FhirException(FhirErrorKind.Invalid, $"Modifier ':{modifier}' is not supported on '{parameter.Name}' ({parameter.Type}).", OperationOutcome.IssueType.NotSupported),
        };
    }
}
