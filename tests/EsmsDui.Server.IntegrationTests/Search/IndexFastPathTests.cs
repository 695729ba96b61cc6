using EsmsDui.Fhir.Search;
using EsmsDui.Fhir.Storage;
using EsmsDui.Server.IntegrationTests.Fixtures;

namespace EsmsDui.Server.IntegrationTests.Search;

/// <summary>
/// The direct path walker must index exactly what the FHIRPath engine would: checked on every official
/// R4 example, for every indexed parameter.
/// </summary>
public sealed class IndexFastPathTests
{
    [Fact]
    public async Task Fast_paths_index_the_same_values_as_fhirpath_on_every_official_example()
    {
        var registry = new SearchParameterRegistry();
        var fast = new SearchIndexer(registry);
        var reference = new SearchIndexer(registry) { UseFastPaths = false };
        var differences = new List<string>();
        foreach (var example in await R4Examples.LoadAsync())
        {
            Hl7.Fhir.Model.Resource resource;
            try
            {
                resource = FhirHttp.Serializer.ParseJson(System.Text.Encoding.UTF8.GetBytes(example.Json));
            }
            catch (EsmsDui.Fhir.Errors.FhirException)
            {
                continue; // the two published examples no server can parse (see OfficialExamplesRoundTripTests)
            }

            var expected = Describe(reference.Extract(resource));
            var actual = Describe(fast.Extract(resource));
            if (!expected.SetEquals(actual))
            {
                differences.Add($"{example.File}: missing [{string.Join("; ", expected.Except(actual).Take(3))}] extra [{string.Join("; ", actual.Except(expected).Take(3))}]");
            }
        }

        Assert.True(differences.Count == 0, $"{differences.Count} examples differ:\n" + string.Join('\n', differences.Take(20)));
    }

    private static HashSet<string> Describe(SearchIndexEntries entries) =>
    [
        .. entries.Tokens.Select(t => $"token {t}"),
        .. entries.Strings.Select(s => $"string {s}"),
        .. entries.Dates.Select(d => $"date {d}"),
        .. entries.References.Select(r => $"reference {r}"),
        .. entries.Numbers.Select(n => $"number {n}"),
        .. entries.Quantities.Select(q => $"quantity {q}"),
    ];
}
