using EsmsDui.Fhir.Search;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Search.Differential;

/// <summary>One generated query: a parameter of a type and a value taken from the data.</summary>
public sealed record DifferentialQuery(string ResourceType, SearchParamDefinition Parameter, string Value)
{
    public string Url => $"{ResourceType}?{Parameter.Code}={Uri.EscapeDataString(Value)}&_count=1000&_total=accurate";

    public override string ToString() => $"{ResourceType}?{Parameter.Code}={Value}";
}

/// <summary>
/// Makes queries from the stored data itself, so that most have matches: for every token, string, reference and
/// date parameter of every type, the most common value (a code with and without its system, a three-letter prefix,
/// a relative reference, a year with ge and lt).
/// </summary>
public static class DifferentialQueries
{
    private static readonly SearchParamType[] Types = [SearchParamType.Token, SearchParamType.String, SearchParamType.Reference, SearchParamType.Date];

    public static List<DifferentialQuery> Build(IReadOnlyDictionary<string, List<Resource>> stored, SearchParameterRegistry registry)
    {
        var queries = new List<DifferentialQuery>();
        foreach (var (type, resources) in stored.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var parameters = ModelInfo.SearchParameters
                .Where(p => p.Resource == type && p.Expression is not null && Types.Contains(p.Type) && registry.Find(type, p.Code!) is not null)
                .OrderBy(p => p.Code, StringComparer.Ordinal);
            foreach (var parameter in parameters)
            {
                var values = resources.SelectMany(r => BruteForceSearch.Values(r, parameter)).ToList();
                queries.AddRange(For(type, parameter, values));
            }
        }

        return queries;
    }

    private static IEnumerable<DifferentialQuery> For(string type, SearchParamDefinition parameter, List<Base> values)
    {
        switch (parameter.Type)
        {
            case SearchParamType.Token when MostCommon(values.SelectMany(BruteForceSearch.Tokens).Where(t => !t.Code.Contains('|') && !t.Code.Contains(',') && !t.Code.Contains('\\') && !t.Code.Contains('$'))) is { Code: not null } token:
                yield return new(type, parameter, token.Code);
                if (token.System is not null && !token.System.Contains('|'))
                {
                    yield return new(type, parameter, $"{token.System}|{token.Code}");
                }

                break;
            case SearchParamType.String when MostCommon(values.SelectMany(BruteForceSearch.Strings).Select(s => s.Trim()).Where(s => s.Length >= 3 && char.IsLetterOrDigit(s[0]))) is { } text:
                yield return new(type, parameter, new string([.. text.Take(3)]).Replace(",", string.Empty, StringComparison.Ordinal));
                break;
            case SearchParamType.Reference when MostCommon(values.Select(BruteForceSearch.Reference).OfType<string>()) is { } reference:
                yield return new(type, parameter, reference);
                break;
            case SearchParamType.Date when MostCommon(values.Select(BruteForceSearch.Range).OfType<(DateTimeOffset Start, DateTimeOffset End)>()
                .Where(r => r.Start.Year > 1 && r.Start.Year < 9999).Select(r => r.Start.UtcDateTime.Year)) is var year and > 0:
                yield return new(type, parameter, $"ge{year}");
                yield return new(type, parameter, $"lt{year}");
                break;
        }
    }

    private static T? MostCommon<T>(IEnumerable<T> values) =>
        values.GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key?.ToString(), StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault();
}
