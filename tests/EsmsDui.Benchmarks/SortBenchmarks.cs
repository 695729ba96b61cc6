using System.Diagnostics;
using System.Globalization;
using EsmsDui.Fhir.Serialization;
using EsmsDui.Storage;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;

namespace EsmsDui.Benchmarks;

/// <summary>
/// <c>_sort</c> on a large store (issue 14: p95 under 200 ms on 100,000 patients): loads that many usagers (their
/// Patient and 40,000 observations in all), then times sorted first pages, several keys, a later page and a selective
/// search sorted, over HTTP with one client.
/// </summary>
internal static class SortBenchmarks
{
    private const int PerBundle = 500;
    private const int Observations = 40_000;
    private const int Iterations = 50;

    public static async Task RunAsync(Uri baseUrl, IServiceProvider services, int patients)
    {
        using var client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(10) };
        var serializer = new FhirSerializer();
        var generator = new UsagerDataGenerator(11);
        var families = new List<string>();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Bundles(generator, families, patients), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (body, cancellationToken) =>
        {
            using var request = HttpBenchmarks.Post(string.Empty, serializer.SerializeJson(body));
            using var response = await client.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\n== {patients:N0} patients and {Observations:N0} observations loaded in {watch.Elapsed.TotalSeconds:F0} s"));
        await services.GetRequiredService<DatabaseMigrator>().UpdateStatisticsAsync(CancellationToken.None);

        var random = new Random(3);
        var queries = new (string Name, Func<string> Url)[]
        {
            ("Patient?_sort=-birthdate&_count=10", () => "Patient?_sort=-birthdate&_count=10"),
            ("Patient?_sort=birthdate&_count=10", () => "Patient?_sort=birthdate&_count=10"),
            ("Patient?_sort=family,given,-birthdate,_id&_count=10", () => "Patient?_sort=family,given,-birthdate,_id&_count=10"),
            ("Patient?_sort=family&_count=10 (page 11)", () => "Patient?_sort=family&_count=10&_offset=100"),
            ("Patient?_sort=-_lastUpdated&_count=10", () => "Patient?_sort=-_lastUpdated&_count=10"),
            ("Observation?_sort=status&_count=10", () => "Observation?_sort=status&_count=10"),
            ("Observation?_sort=-date&_count=10", () => "Observation?_sort=-date&_count=10"),
            ("Patient?name=<family>&_sort=-birthdate", () => $"Patient?name={Uri.EscapeDataString(families[random.Next(families.Count)])}&_sort=-birthdate"),
        };
        foreach (var (name, url) in queries)
        {
            await QueryLatency.MeasureAsync(client, name, url, Iterations, warmUp: 5, nameWidth: 55);
        }
    }

    // Transactions of patients, the first ones carrying observations too (status, date) until there are 40,000.
    private static IEnumerable<Bundle> Bundles(UsagerDataGenerator generator, List<string> families, int patients)
    {
        var observations = 0;
        for (var made = 0; made < patients; made += PerBundle)
        {
            var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
            for (var p = 0; p < PerBundle && made + p < patients; p++)
            {
                var withObservations = observations < Observations;
                var record = generator.Record(withObservations ? 4 : 0).Where(e => e.Resource is Patient || (withObservations && e.Resource is Observation or Encounter)).ToList();
                observations += record.Count(e => e.Resource is Observation);
                families.Add(((Patient)record[0].Resource).Name[0].Family);
                bundle.Entry.AddRange(record);
            }

            yield return bundle;
        }
    }
}
