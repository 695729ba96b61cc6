using System.Diagnostics;
using System.Globalization;
using EsmsDui.Fhir.Serialization;
using EsmsDui.Storage;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EsmsDui.Benchmarks;

/// <summary>
/// Search latency on a growing store of usager records: loads up to each checkpoint (100,000 then, when asked,
/// 1,000,000 resources) with transactions, then measures p50/p95 of the searches staff and platforms make, and
/// what the index costs per resource.
/// </summary>
internal static class SearchBenchmarks
{
    private const int ObservationsPerUsager = 12;
    private const int ResourcesPerUsager = ObservationsPerUsager + 3;
    private const int UsagersPerBundle = 20;
    private const int Iterations = 200;

    public static async Task RunAsync(Uri baseUrl, IServiceProvider services, IReadOnlyList<int> checkpoints)
    {
        using var client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(5) };
        var serializer = new FhirSerializer();
        var generator = new UsagerDataGenerator(42);
        var samples = new List<Patient>();
        var loaded = 0;
        foreach (var checkpoint in checkpoints)
        {
            var watch = Stopwatch.StartNew();
            var before = loaded;
            await Parallel.ForEachAsync(Bundles(generator, samples, checkpoint - loaded), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (body, cancellationToken) =>
            {
                using var request = HttpBenchmarks.Post(string.Empty, serializer.SerializeJson(body));
                using var response = await client.SendAsync(request, cancellationToken);
                response.EnsureSuccessStatusCode();
                Interlocked.Add(ref loaded, body.Entry.Count);
            });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\n== {loaded:N0} resources ({samples.Count:N0} usagers); loaded {loaded - before:N0} at {(loaded - before) / watch.Elapsed.TotalSeconds:F0} resources/s"));
            // As the import verb does after a bulk load, so that the benchmark measures steady-state plans.
            await services.GetRequiredService<DatabaseMigrator>().UpdateStatisticsAsync(CancellationToken.None);
            await ReportIndexCostAsync(services, loaded);
            await MeasureQueriesAsync(client, samples);
        }
    }

    private static IEnumerable<Bundle> Bundles(UsagerDataGenerator generator, List<Patient> samples, int resources)
    {
        for (var made = 0; made < resources; made += UsagersPerBundle * ResourcesPerUsager)
        {
            var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
            for (var u = 0; u < UsagersPerBundle; u++)
            {
                var record = generator.Record(ObservationsPerUsager).ToList();
                samples.Add((Patient)record[0].Resource);
                bundle.Entry.AddRange(record);
            }

            yield return bundle;
        }
    }

    private static async Task ReportIndexCostAsync(IServiceProvider services, int resources)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EsmsDuiDbContext>();
        var rows = await db.SearchTokens.LongCountAsync() + await db.SearchStrings.LongCountAsync() + await db.SearchDates.LongCountAsync()
            + await db.SearchReferences.LongCountAsync() + await db.Set<Storage.Entities.SearchNumberRow>().LongCountAsync() + await db.Set<Storage.Entities.SearchQuantityRow>().LongCountAsync();
        var line = string.Create(CultureInfo.InvariantCulture, $"index: {rows / (double)resources:F1} rows per resource");
        if (db.Database.IsNpgsql())
        {
            var sizes = await db.Database.SqlQueryRaw<long>("""
                SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::bigint AS "Value" FROM pg_class c
                WHERE c.relkind = 'r' AND c.relname IN ('search_tokens', 'search_strings', 'search_dates', 'search_references', 'search_numbers', 'search_quantities')
                UNION ALL SELECT pg_total_relation_size('resource_versions')
                """).ToListAsync();
            line += string.Create(CultureInfo.InvariantCulture, $", {sizes[0] / (double)resources:F0} bytes per resource (tables + indexes; the versions themselves {sizes[1] / (double)resources:F0})");
        }

        Console.WriteLine(line);
    }

    private static async Task MeasureQueriesAsync(HttpClient client, List<Patient> samples)
    {
        var random = new Random(7);
        Patient Any() => samples[random.Next(samples.Count)];
        string Family(Patient p) => Uri.EscapeDataString(p.Name[0].Family);
        // Selective draws name a family shared by few usagers; the generator gives 12 names to ~0.7 % of usagers each,
        // measured apart (hundreds of matches to count and sort at 1 M).
        var commonNames = samples.GroupBy(p => p.Name[0].Family ?? string.Empty).OrderByDescending(g => g.Count()).Take(12).Select(g => g.Key).ToHashSet();
        var rare = samples.Where(p => !commonNames.Contains(p.Name[0].Family ?? string.Empty)).ToList();
        var common = samples.Where(p => commonNames.Contains(p.Name[0].Family ?? string.Empty)).ToList();
        Patient Rare() => rare[random.Next(rare.Count)];
        Patient Common() => common[random.Next(common.Count)];
        var queries = new (string Name, Func<string> Url, int Iterations)[]
        {
            ("identifier", () => $"Patient?identifier={Uri.EscapeDataString(Any().Identifier[0].System + "|" + Any().Identifier[0].Value)}", Iterations),
            ("name", () => $"Patient?name={Family(Rare())}", Iterations),
            ("  same, one of the 12 common names", () => $"Patient?name={Family(Common())}", Iterations),
            ("birthdate range (2 days)", () => BirthdateRange(Any()), Iterations),
            ("chained Observation?subject.name", () => $"Observation?subject.name={Family(Rare())}&code=29463-7", Iterations),
            ("  same, one of the 12 common names", () => $"Observation?subject.name={Family(Common())}&code=29463-7", Iterations),
            ("_include (observations + their patient)", () => $"Observation?subject:Patient.identifier={Uri.EscapeDataString(Any().Identifier[0].Value)}&_include=Observation:subject", Iterations),
            ("_revinclude (patient + observations)", () => $"Patient?identifier={Uri.EscapeDataString(Any().Identifier[0].Value)}&_revinclude=Observation:subject", Iterations),
            ("_has (patients with a temperature)", () => $"Patient?name={Family(Rare())}&_has:Observation:subject:code=8310-5", Iterations),
            ("  same, one of the 12 common names", () => $"Patient?name={Family(Common())}&_has:Observation:subject:code=8310-5", Iterations),
            ("broad (every weight, Observation?code=)", () => "Observation?code=29463-7", 50),
        };
        foreach (var (name, url, iterations) in queries)
        {
            await QueryLatency.MeasureAsync(client, name, url, iterations, warmUp: 20, nameWidth: 40);
        }
    }

    private static string BirthdateRange(Patient patient)
    {
        var day = DateOnly.ParseExact(patient.BirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"Patient?birthdate=ge{day:yyyy-MM-dd}&birthdate=le{day.AddDays(1):yyyy-MM-dd}");
    }
}
