using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using EsmsDui.Fhir.Serialization;
using Hl7.Fhir.Model;

namespace EsmsDui.Benchmarks;

/// <summary>Creates/s and reads/s with 1 and 8 clients, transaction ingest in resources/s, over HTTP loopback.</summary>
internal static class HttpBenchmarks
{
    private const int UsagersPerBundle = 20;
    private const int ObservationsPerUsager = 12;
    private const int EntriesPerBundle = UsagersPerBundle * (ObservationsPerUsager + 3);

    public static async Task RunAsync(Uri baseUrl, int seconds)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(5) };
        var serializer = new FhirSerializer();
        var generator = new UsagerDataGenerator(42);
        var bodies = Enumerable.Range(0, 50_000).Select(_ => serializer.SerializeJson(generator.Patient())).ToArray();
        var ids = new ConcurrentBag<string>();

        // Each usager is created once: a second one with the same local identifier is refused (identity rules).
        var nextBody = -1;
        foreach (var clients in new[] { 1, 8 })
        {
            var rate = await MeasureAsync(clients, seconds, async () =>
            {
                using var request = Post("Patient", bodies[Interlocked.Increment(ref nextBody) % bodies.Length]);
                using var response = await client.SendAsync(request);
                response.EnsureSuccessStatusCode();
                ids.Add(response.Headers.Location!.Segments[^3].TrimEnd('/'));
            });
            Console.WriteLine($"creates/s, {clients} client(s): {rate:F0}");
        }

        var created = ids.ToArray();
        foreach (var clients in new[] { 1, 8 })
        {
            var next = -1;
            var rate = await MeasureAsync(clients, seconds, async () =>
            {
                using var response = await client.GetAsync("Patient/" + created[Interlocked.Increment(ref next) % created.Length], HttpCompletionOption.ResponseHeadersRead);
                response.EnsureSuccessStatusCode();
                await response.Content.CopyToAsync(Stream.Null);
            });
            Console.WriteLine($"reads/s, {clients} client(s): {rate:F0}");
        }

        var bundles = Enumerable.Range(0, 40).Select(_ =>
        {
            var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
            for (var u = 0; u < UsagersPerBundle; u++)
            {
                bundle.Entry.AddRange(generator.Record(ObservationsPerUsager));
            }

            return serializer.SerializeJson(bundle);
        }).ToArray();
        // 20 bundles per measure, each sent once (their usagers' INS may be recorded only once).
        var nextBundle = -1;
        foreach (var clients in new[] { 1, 2 })
        {
            var watch = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, 20), new ParallelOptions { MaxDegreeOfParallelism = clients }, async (_, cancellationToken) =>
            {
                using var request = Post(string.Empty, bundles[Interlocked.Increment(ref nextBundle)]);
                using var response = await client.SendAsync(request, cancellationToken);
                response.EnsureSuccessStatusCode();
            });
            Console.WriteLine($"transaction ingest, {clients} client(s): {20 * EntriesPerBundle / watch.Elapsed.TotalSeconds:F0} resources/s ({EntriesPerBundle} entries per bundle)");
        }
    }

    internal static HttpRequestMessage Post(string path, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/fhir+json");
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.TryAddWithoutValidation("Prefer", "return=minimal");
        return request;
    }

    private static async Task<double> MeasureAsync(int clients, int seconds, Func<Task> operation)
    {
        for (var i = 0; i < 200; i++)
        {
            await operation();
        }

        var watch = Stopwatch.StartNew();
        long done = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (watch.Elapsed.TotalSeconds < seconds)
            {
                await operation();
                Interlocked.Increment(ref done);
            }
        }));
        return done / watch.Elapsed.TotalSeconds;
    }
}
