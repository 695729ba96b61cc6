using System.Net;
using EsmsDui.Fhir.Serialization;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Search.Differential;

/// <summary>
/// A server of its own holding the official R4 examples (loaded with batch Bundles), and the resources as the
/// server stored them, for the brute-force side of the differential test.
/// </summary>
public abstract class ExamplesServer(ServerFixture server) : IAsyncLifetime
{
    // Batches of a few megabytes: some examples (profiles, expansions) are large.
    private const int BatchBytes = 8 * 1024 * 1024;

    public ServerFixture Server { get; } = server;

    /// <summary>The stored examples by type (the last one written for a type and id).</summary>
    public IReadOnlyDictionary<string, List<Resource>> Stored { get; private set; } = new Dictionary<string, List<Resource>>();

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        var serializer = new FhirSerializer();
        var examples = await R4Examples.LoadAsync();
        var stored = new Dictionary<(string, string), Resource>();
        // A bulk load while the whole suite runs on 2 cores in this process (one thread pool, synchronous SQLite I/O):
        // a batch once took more than the 2 minutes an interactive request gets.
        using var loader = new HttpClient { BaseAddress = Server.Client.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        foreach (var chunk in BySize(examples))
        {
            var resources = chunk.Select(e => TryParse(serializer, e.Json)).ToList();
            var batch = new Bundle { Type = Bundle.BundleType.Batch };
            foreach (var resource in resources.OfType<Resource>())
            {
                batch.Entry.Add(new Bundle.EntryComponent
                {
                    Resource = resource,
                    Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"{resource.TypeName}/{resource.Id}" },
                });
            }

            using var response = await loader.PostAsync(string.Empty, FhirHttp.Json(batch));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var answer = await FhirHttp.ReadAsync<Bundle>(response);
            foreach (var (entry, result) in batch.Entry.Zip(answer.Entry))
            {
                if (result.Response.Status.StartsWith("20", StringComparison.Ordinal))
                {
                    stored[(entry.Resource.TypeName, entry.Resource.Id)] = entry.Resource;
                }
            }
        }

        Stored = stored.Values.GroupBy(r => r.TypeName).ToDictionary(g => g.Key, g => g.ToList());
    }

    public Task DisposeAsync() => Server.DisposeAsync();

    private static IEnumerable<List<(string File, string Type, string Id, string Json)>> BySize(IEnumerable<(string File, string Type, string Id, string Json)> examples)
    {
        var chunk = new List<(string File, string Type, string Id, string Json)>();
        var bytes = 0;
        foreach (var example in examples)
        {
            if (chunk.Count > 0 && bytes + example.Json.Length > BatchBytes)
            {
                yield return chunk;
                (chunk, bytes) = ([], 0);
            }

            chunk.Add(example);
            bytes += example.Json.Length;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    // The two published examples no server can store (see the round-trip test) do not parse either.
    private static Resource? TryParse(FhirSerializer serializer, string json)
    {
        try
        {
            return serializer.ParseJson(System.Text.Encoding.UTF8.GetBytes(json));
        }
        catch (Fhir.Errors.FhirException)
        {
            return null;
        }
    }
}

public sealed class SqliteExamplesServer() : ExamplesServer(new ExamplesOnlySqlite());

public sealed class PostgresExamplesServer() : ExamplesServer(new ExamplesOnlyPostgres());

/// <summary>Without any package (not even the project's), the server stores the examples and nothing else.</summary>
internal static class ExamplesOnly
{
    public static readonly KeyValuePair<string, string>[] Settings =
        [new("Fhir:PackageManifest", Path.Combine(Path.GetTempPath(), "esmsdui-no-packages", "packages.json"))];
}

internal sealed class ExamplesOnlySqlite : SqliteServerFixture
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => ExamplesOnly.Settings;
}

internal sealed class ExamplesOnlyPostgres : PostgresServerFixture
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => ExamplesOnly.Settings;
}
