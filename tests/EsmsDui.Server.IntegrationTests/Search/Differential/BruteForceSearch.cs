using EsmsDui.Fhir.Primitives;
using EsmsDui.Fhir.Search;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Search.Differential;

/// <summary>
/// The reference side of the differential test: a search parameter's published FHIRPath expression evaluated on
/// each resource in memory, and its values compared with the searched value, without index or SQL.
/// </summary>
public static class BruteForceSearch
{
    private static readonly FhirEvaluationContext Context = new() { ElementResolver = EmptyResourceOfType };

    /// <summary>The values of a parameter's expression on a resource (nothing when the SDK cannot evaluate it).</summary>
    public static IReadOnlyList<Base> Values(Resource resource, SearchParamDefinition parameter)
    {
        try
        {
            return [.. FhirPathEngine.Compiler.Select(resource.ToPocoNode(ModelInfo.ModelInspector), parameter.Expression!, Context).Select(n => n?.Poco).OfType<Base>()];
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or InvalidCastException)
        {
            return [];
        }
    }

    /// <summary>The (system, code) pairs of a token value.</summary>
    public static IEnumerable<(string? System, string Code)> Tokens(Base value) => value switch
    {
        Coding { Code: { } code } coding => [(coding.System, code)],
        CodeableConcept concept => concept.Coding.Where(c => c.Code is not null).Select(c => (c.System, c.Code!)),
        Identifier { Value: { } id } identifier => [(identifier.System, id)],
        ContactPoint { Value: { } contact } => [(null, contact)],
        FhirBoolean { Value: { } flag } => [(null, flag ? "true" : "false")],
        PrimitiveType { JsonValue: bool flag } => [(null, flag ? "true" : "false")],
        PrimitiveType { JsonValue: { } raw } when raw.ToString() is { } text => [(null, text)],
        _ => [],
    };

    /// <summary>The texts of a string value.</summary>
    public static IEnumerable<string> Strings(Base value) => (value switch
    {
        HumanName name => new[] { name.Text, name.Family }.Concat(name.Given).Concat(name.Prefix).Concat(name.Suffix),
        Address address => new[] { address.Text, address.City, address.District, address.State, address.PostalCode, address.Country }.Concat(address.Line),
        PrimitiveType { JsonValue: { } raw } => [raw.ToString()],
        _ => [],
    }).OfType<string>().Where(s => !string.IsNullOrWhiteSpace(s));

    /// <summary>The relative reference (<c>Type/id</c>) of a reference value.</summary>
    public static string? Reference(Base value)
    {
        var text = (value as ResourceReference)?.Reference;
        if (text is null)
        {
            return null;
        }

        var parts = text.Split('/');
        return parts.Length is 2 or 4 && ModelInfo.IsKnownResource(parts[0]) && (parts.Length == 2 || parts[2] == "_history") ? $"{parts[0]}/{parts[1]}" : null;
    }

    /// <summary>The period a date value covers.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End)? Range(Base value)
    {
        switch (value)
        {
            case Period period when period.Start is not null || period.End is not null:
                return (FhirDateRange.TryParse(period.Start, out var s) ? s.Start : DateTimeOffset.MinValue, FhirDateRange.TryParse(period.End, out var e) ? e.End : DateTimeOffset.MaxValue);
            case PrimitiveType { JsonValue: { } raw } when FhirDateRange.TryParse(raw.ToString(), out var range):
                return (range.Start, range.End);
            default:
                return null;
        }
    }

    /// <summary>Whether one resource matches <c>parameter=query</c> for the query shapes the generator makes.</summary>
    public static bool Matches(Resource resource, SearchParamDefinition parameter, string query)
    {
        var values = Values(resource, parameter);
        switch (parameter.Type)
        {
            case SearchParamType.Token:
                var bar = query.IndexOf('|', StringComparison.Ordinal);
                return bar < 0
                    ? values.SelectMany(Tokens).Any(t => t.Code == query)
                    : values.SelectMany(Tokens).Any(t => t.System == query[..bar] && t.Code == query[(bar + 1)..]);
            case SearchParamType.String:
                var folded = TextNormalizer.Normalize(query);
                return values.SelectMany(Strings).Any(s => TextNormalizer.Normalize(s).StartsWith(folded, StringComparison.Ordinal));
            case SearchParamType.Reference:
                return values.Select(Reference).Any(r => r == query);
            case SearchParamType.Date:
                if (!FhirDateRange.TryParse(query[2..], out var searched))
                {
                    throw new ArgumentException($"'{query}' is not a date query.", nameof(query));
                }

                return values.Select(Range).OfType<(DateTimeOffset Start, DateTimeOffset End)>().Any(v => query[..2] switch
                {
                    "ge" => v.End >= searched.Start,
                    "lt" => v.Start < searched.Start,
                    _ => v.Start >= searched.Start && v.End <= searched.End,
                });
            default:
                throw new InvalidOperationException($"No brute-force matcher for {parameter.Type}.");
        }
    }

    private static PocoNode? EmptyResourceOfType(string reference)
    {
        var type = reference.Split('/').Reverse().Skip(1).FirstOrDefault(ModelInfo.IsKnownResource)
            ?? reference.Split('/').FirstOrDefault(ModelInfo.IsKnownResource);
        return type is not null && ModelInfo.GetTypeForFhirType(type) is { } clr && Activator.CreateInstance(clr) is Resource empty
            ? empty.ToPocoNode(ModelInfo.ModelInspector)
            : null;
    }
}
