using System.Diagnostics;
using EsmsDui.Fhir.Search;
using EsmsDui.Fhir.Serialization;

namespace EsmsDui.Benchmarks;

/// <summary>Per-resource costs of the write path without HTTP or database: parse, index extraction, serialise.</summary>
internal static class EngineMicrobenchmarks
{
    public static void Run()
    {
        var serializer = new FhirSerializer();
        var indexer = new SearchIndexer(new SearchParameterRegistry());
        var generator = new UsagerDataGenerator(7);
        var bodies = Enumerable.Range(0, 5000).Select(_ => serializer.SerializeJson(generator.Patient())).ToArray();
        var observations = Enumerable.Range(0, 5000).Select(_ => serializer.SerializeJson(generator.Record(1).ElementAt(2).Resource)).ToArray();
        Measure("parse Patient", bodies, b => serializer.ParseJson(b));
        var patients = bodies.Select(b => serializer.ParseJson(b)).ToArray();
        Measure("index Patient", patients, p => indexer.Extract(p));
        Measure("serialize Patient", patients, p => serializer.SerializeJson(p));
        var parsedObservations = observations.Select(b => serializer.ParseJson(b)).ToArray();
        Measure("index Observation", parsedObservations, p => indexer.Extract(p));
        Measure("UCUM canonical form", parsedObservations, _ => UcumCanonical.Convert(72.5m, UcumCanonical.System, "kg"));
    }

    private static void Measure<T>(string name, T[] items, Action<T> action)
    {
        foreach (var item in items.Take(500))
        {
            action(item);
        }

        var watch = Stopwatch.StartNew();
        foreach (var item in items)
        {
            action(item);
        }

        Console.WriteLine($"{name}: {items.Length / watch.Elapsed.TotalSeconds:F0}/s ({watch.Elapsed.TotalMicroseconds / items.Length:F1} µs each)");
    }
}
