using System.Diagnostics;
using EsmsDui.Fhir.Interactions;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Search;
using EsmsDui.Fhir.Serialization;
using EsmsDui.Fhir.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EsmsDui.Benchmarks;

/// <summary>The write path without HTTP: engine creates, and store commits with and without index rows.</summary>
internal static class DirectWriteBenchmarks
{
    private const int Writes = 2000;

    public static async Task RunAsync(IServiceProvider services)
    {
        var generator = new UsagerDataGenerator(3);
        for (var round = 0; round < 2; round++)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < Writes; i++)
            {
                await using var scope = services.CreateAsyncScope();
                var dispatcher = scope.ServiceProvider.GetRequiredService<FhirRequestDispatcher>();
                await dispatcher.DispatchAsync(new FhirRequest { Method = "POST", Path = "Patient", BaseUrl = "http://localhost/fhir", Resource = generator.Patient() }, null, CancellationToken.None);
            }

            Console.WriteLine($"engine creates/s (round {round + 1}): {Writes / watch.Elapsed.TotalSeconds:F0}");
        }

        var serializer = services.GetRequiredService<FhirSerializer>();
        var bundles = Enumerable.Range(0, 12).Select(_ =>
        {
            var bundle = new Hl7.Fhir.Model.Bundle { Type = Hl7.Fhir.Model.Bundle.BundleType.Transaction };
            for (var u = 0; u < 20; u++)
            {
                bundle.Entry.AddRange(generator.Record(12));
            }

            return serializer.SerializeJson(bundle);
        }).ToList();
        var parseWatch = Stopwatch.StartNew();
        var parsed = bundles.Select(b => serializer.ParseJson(b)).ToList();
        Console.WriteLine($"bundle parse: {parsed.Count * 300 / parseWatch.Elapsed.TotalSeconds:F0} resources/s");
        var transactionWatch = Stopwatch.StartNew();
        foreach (var bundle in parsed)
        {
            await using var scope = services.CreateAsyncScope();
            var dispatcher = scope.ServiceProvider.GetRequiredService<FhirRequestDispatcher>();
            await dispatcher.DispatchAsync(new FhirRequest { Method = "POST", Path = string.Empty, BaseUrl = "http://localhost/fhir", Resource = bundle, Return = PreferReturn.Minimal }, null, CancellationToken.None);
        }

        Console.WriteLine($"engine transactions: {parsed.Count * 300 / transactionWatch.Elapsed.TotalSeconds:F0} resources/s");
        var indexer0 = services.GetRequiredService<SearchIndexer>();
        foreach (var withIndex in new[] { false, true })
        {
            var batches = bundles.Select(b => ((Hl7.Fhir.Model.Bundle)serializer.ParseJson(b)).Entry.Select(e =>
            {
                var r = e.Resource!;
                r.Id = Guid.NewGuid().ToString("N");
                return new ResourceWrite(r.TypeName, r.Id, 1, DateTimeOffset.UtcNow, WriteMethod.Post, serializer.SerializeJson(r), withIndex ? indexer0.Extract(r) : null);
            }).ToList()).ToList();
            var batchWatch = Stopwatch.StartNew();
            foreach (var batch in batches)
            {
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IResourceStore>().CommitAsync(batch, CancellationToken.None);
            }

            Console.WriteLine($"store 300-write batches, {(withIndex ? "with" : "without")} index rows: {batches.Count * 300 / batchWatch.Elapsed.TotalSeconds:F0} resources/s");
        }

        var indexer = services.GetRequiredService<SearchIndexer>();
        foreach (var withIndex in new[] { false, true })
        {
            var writes = Enumerable.Range(0, Writes).Select(_ =>
            {
                var patient = generator.Patient();
                patient.Id = Guid.NewGuid().ToString("N");
                return new ResourceWrite("Patient", patient.Id, 1, DateTimeOffset.UtcNow, WriteMethod.Post, serializer.SerializeJson(patient), withIndex ? indexer.Extract(patient) : null);
            }).ToList();
            var watch = Stopwatch.StartNew();
            foreach (var write in writes)
            {
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IResourceStore>().CommitAsync([write], CancellationToken.None);
            }

            Console.WriteLine($"store commits/s, {(withIndex ? "with" : "without")} index rows: {Writes / watch.Elapsed.TotalSeconds:F0}");
        }
    }
}
