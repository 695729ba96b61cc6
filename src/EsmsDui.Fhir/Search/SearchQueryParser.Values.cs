using System.Text;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Primitives;
using EsmsDui.Fhir.Storage;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Search;

/// <summary>The values of search parameters: tokens, dates, numbers, quantities, composites, escapes.</summary>
public sealed partial class SearchQueryParser
{
    private static SearchIndexTable TableOf(SearchParamType type) => type switch
    {
        SearchParamType.String => SearchIndexTable.Strings,
        SearchParamType.Date => SearchIndexTable.Dates,
        SearchParamType.Reference => SearchIndexTable.References,
        SearchParamType.Number => SearchIndexTable.Numbers,
        SearchParamType.Quantity => SearchIndexTable.Quantities,
        _ => SearchIndexTable.Tokens,
    };

    private static TokenValue Token(string value)
    {
        var bar = IndexOfUnescaped(value, '|');
        if (bar < 0)
        {
            return new TokenValue(null, Unescape(value), AnySystem: true);
        }

        var system = Unescape(value[..bar]);
        var code = Unescape(value[(bar + 1)..]);
        return new TokenValue(system.Length == 0 ? null : system, code.Length == 0 ? null : code, AnySystem: false);
    }

    // One value per component, separated by $.
    private List<SearchCriterion> Composite(SearchParameterInfo composite, string key, string value)
    {
        var parts = new List<string>();
        var start = 0;
        for (int i; (i = IndexOfUnescaped(value, '$', start)) >= 0; start = i + 1)
        {
            parts.Add(value[start..i]);
        }

        parts.Add(value[start..]);
        return parts.Count == composite.Components.Count
            ? [.. composite.Components.Zip(parts, (component, part) => Parse(component, key, null, part))]
            : throw Bad(key, value);
    }

    // system|code|value: the identifier type (a coding) and the identifier value.
    private static TokenValue OfType(string key, string value)
    {
        var first = IndexOfUnescaped(value, '|');
        var second = first < 0 ? -1 : IndexOfUnescaped(value, '|', first + 1);
        if (second < 0 || first == 0 || second == first + 1 || second == value.Length - 1)
        {
            throw Bad(key, value);
        }

        return new TokenValue(Unescape(value[..first]), SearchModifiers.OfTypeCode(Unescape(value[(first + 1)..second]), Unescape(value[(second + 1)..])), AnySystem: false);
    }

    // :above: the uri and every uri it is below (http://a/b/c → http://a/b/c, http://a/b, http://a).
    private static IEnumerable<string> UriAncestors(string uri)
    {
        var start = uri.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0 ? scheme + 3 : 0;
        for (var end = uri.Length; end > start; end = uri.LastIndexOf('/', end - 1))
        {
            yield return uri[..end];
            if (end - 1 < start)
            {
                break;
            }
        }
    }

    private static ReferenceEntry Reference(SearchParameterInfo parameter, string? typeModifier, string value, string key)
    {
        if (value.Contains('/', StringComparison.Ordinal))
        {
            var entry = ReferenceParser.Parse(parameter.IndexName, value);
            return typeModifier is not null && entry.TargetType != typeModifier ? throw Bad(key, value) : entry;
        }

        var type = typeModifier ?? (parameter.Targets.Count == 1 ? parameter.Targets[0] : null);
        return ResourceIds.IsValid(value)
            ? new ReferenceEntry(parameter.IndexName, type, value, null)
            : throw Bad(key, value);
    }

    private static DateValue Date(string key, string value)
    {
        var (prefix, text) = Prefix(key, value);
        return FhirDateRange.TryParse(text, out var range) ? new DateValue(prefix, range) : throw Bad(key, value);
    }

    private static NumberValue Number(string key, string value)
    {
        var (prefix, text) = Prefix(key, value);
        return NumberValue.TryParse(prefix, text, out var number) ? number : throw Bad(key, value);
    }

    private static QuantityValue Quantity(string key, string value)
    {
        var parts = new List<string>();
        var start = 0;
        for (int i; parts.Count < 2 && (i = IndexOfUnescaped(value, '|', start)) >= 0; start = i + 1)
        {
            parts.Add(value[start..i]);
        }

        parts.Add(value[start..]);
        var number = Number(key, parts[0]);
        var system = parts.Count > 1 && parts[1].Length > 0 ? Unescape(parts[1]) : null;
        var code = parts.Count > 2 && parts[2].Length > 0 ? Unescape(parts[2]) : null;
        if (UcumCanonical.Convert(1m, system, code) is { } unit)
        {
            return new QuantityValue(number, system, code, unit.Code, number.Scale(unit.Value));
        }

        return new QuantityValue(number, system, code, null, null);
    }

    private static (SearchPrefix Prefix, string Text) Prefix(string key, string value)
    {
        if (value.Length > 2 && char.IsAsciiLetterLower(value[0]) && char.IsAsciiLetterLower(value[1]))
        {
            var prefix = value[..2] switch
            {
                "eq" => SearchPrefix.Eq,
                "ne" => SearchPrefix.Ne,
                "gt" => SearchPrefix.Gt,
                "lt" => SearchPrefix.Lt,
                "ge" => SearchPrefix.Ge,
                "le" => SearchPrefix.Le,
                "sa" => SearchPrefix.Sa,
                "eb" => SearchPrefix.Eb,
                "ap" => SearchPrefix.Ap,
                _ => throw Bad(key, value),
            };
            return (prefix, value[2..]);
        }

        return value.Length == 0 ? throw Bad(key, value) : (SearchPrefix.Eq, value);
    }

    /// <summary>Splits on unescaped commas (FHIR escapes <c>\,</c>, <c>\|</c>, <c>\$</c>, <c>\\</c>).</summary>
    private static List<string> Split(string value)
    {
        var parts = new List<string>();
        var start = 0;
        for (int i; (i = IndexOfUnescaped(value, ',', start)) >= 0; start = i + 1)
        {
            parts.Add(value[start..i]);
        }

        parts.Add(value[start..]);
        return parts;
    }

    private static int IndexOfUnescaped(string value, char separator, int start = 0)
    {
        for (var i = start; i < value.Length; i++)
        {
            if (value[i] == '\\')
            {
                i++;
            }
            else if (value[i] == separator)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Unescape(string value)
    {
        if (!value.Contains('\\', StringComparison.Ordinal))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
            }

            builder.Append(value[i]);
        }

        return builder.ToString();
    }

    private static FhirException Bad(string key, string value) =>
        new(FhirErrorKind.Invalid, $"'{ResourceIds.Truncate(value)}' is not a valid value for {ResourceIds.Truncate(key)}.", OperationOutcome.IssueType.Value);

    /// <summary>The most codes a value set may expand to for <c>:in</c> / <c>:not-in</c>.</summary>
    public const int MaxInCodes = 1000;

    // code:below=system|code (and :above): the codes of that system the code subsumes (or that subsume it), from
    // the local code system's hierarchy.
    private IEnumerable<TokenValue> Subsumed(string key, string value, bool below)
    {
        var token = Token(value);
        if (token is not { AnySystem: false, System: { } system, Code: { } code })
        {
            throw new FhirException(FhirErrorKind.Invalid, $"{ResourceIds.Truncate(key)} takes system|code: subsumption is defined within one code system.", OperationOutcome.IssueType.Value);
        }

        var codes = terminology.SubsumptionAsync(system, code, below).GetAwaiter().GetResult();
        return codes.Count <= MaxInCodes
            ? codes.Select(c => new TokenValue(system, c, AnySystem: false))
            : throw new FhirException(FhirErrorKind.Unprocessable, $"{code} {(below ? "subsumes" : "is subsumed by")} {codes.Count} codes of {system}; at most {MaxInCodes} can be searched.", OperationOutcome.IssueType.TooCostly);
    }

    // :in / :not-in: the codes of the value set's local expansion (the request waits for it; expansions of the
    // packages' value sets are in memory).
    private IEnumerable<TokenValue> CodesOf(string valueSet)
    {
        IReadOnlyList<(string? System, string Code)> codes;
        try
        {
            codes = terminology.CodesAsync(valueSet, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (FhirException ex) when (ex.Kind == FhirErrorKind.NotFound)
        {
            throw new FhirException(FhirErrorKind.Invalid, ex.Message + " :in and :not-in take the canonical URL of a value set this server has.", OperationOutcome.IssueType.NotFound);
        }

        return codes.Count <= MaxInCodes
            ? codes.Select(c => new TokenValue(c.System, c.Code, AnySystem: c.System is null))
            : throw new FhirException(FhirErrorKind.Unprocessable, $"The value set {valueSet} has {codes.Count} codes; :in and :not-in take value sets of at most {MaxInCodes}.", OperationOutcome.IssueType.TooCostly);
    }
}
