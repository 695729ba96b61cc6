using System.Net;
using EsmsDui.Fhir.Search;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;

namespace EsmsDui.Server.IntegrationTests.Search.Differential;

/// <summary>
/// Over the 5,307 official R4 examples, the server's answer to each generated query is the same set of resources
/// as the brute-force evaluation of the parameter's FHIRPath over every stored resource.
/// </summary>
public abstract class DifferentialSearchTests(ExamplesServer examples)
{
    [Fact]
    public async Task Server_results_equal_brute_force_fhirpath_evaluation_over_the_official_examples()
    {
        var registry = examples.Server.Services.GetRequiredService<SearchParameterRegistry>();
        var queries = DifferentialQueries.Build(examples.Stored, registry);
        Assert.True(queries.Count >= 100, $"only {queries.Count} queries");
        var failures = new List<string>();
        var matched = 0;
        foreach (var query in queries)
        {
            var expected = examples.Stored[query.ResourceType]
                .Where(r => BruteForceSearch.Matches(r, query.Parameter, query.Value)).Select(r => r.Id).Order(StringComparer.Ordinal).ToList();
            var found = await SearchAsync(query);
            matched += expected.Count > 0 ? 1 : 0;
            if (!expected.SequenceEqual(found))
            {
                failures.Add($"{query}: expected [{string.Join(", ", expected.Take(10))}] ({expected.Count}), server [{string.Join(", ", found.Take(10))}] ({found.Count})");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {queries.Count} queries differ:\n" + string.Join('\n', failures.Take(40)));
        Assert.True(matched >= 100, $"only {matched} queries have matches");
    }

    private async Task<List<string>> SearchAsync(DifferentialQuery query)
    {
        var ids = new List<string>();
        string? url = query.Url;
        while (url is not null)
        {
            using var response = await examples.Server.Client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var bundle = await FhirHttp.ReadAsync<Bundle>(response);
            ids.AddRange(bundle.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Match).Select(e => e.Resource.Id));
            url = bundle.Link.FirstOrDefault(l => l.Relation == "next")?.Url;
        }

        return [.. ids.Order(StringComparer.Ordinal)];
    }
}

public sealed class SqliteDifferentialSearchTests(SqliteExamplesServer examples) : DifferentialSearchTests(examples), IClassFixture<SqliteExamplesServer>;

public sealed class PostgresDifferentialSearchTests(PostgresExamplesServer examples) : DifferentialSearchTests(examples), IClassFixture<PostgresExamplesServer>;
