using System.Diagnostics;
using EsmsDui.Fhir.Conformance;
using EsmsDui.Fhir.Installation;
using EsmsDui.Fhir.Serialization;
using EsmsDui.Fhir.Validation;
using EsmsDui.Storage;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;

namespace EsmsDui.Benchmarks;

/// <summary>
/// Validation with the French packages of <c>../shared/fhir-packages</c>: package loading, storing their
/// conformance resources, the cold first validation, warm throughput (1 and 2 threads) and memory.
/// </summary>
internal static class ValidationBenchmarks
{
    public static async System.Threading.Tasks.Task RunAsync(IServiceProvider services, string packageFolder, int seconds)
    {
        var clock = Stopwatch.StartNew();
        var packages = services.GetRequiredService<LoadedPackages>();
        Console.WriteLine($"load {packages.Packages.Count} packages ({packages.Packages.Sum(p => p.Resources.Count)} resources): {clock.Elapsed.TotalSeconds:F1} s");

        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        clock.Restart();
        var written = await services.GetRequiredService<PackageInstaller>().InstallAsync(CancellationToken.None);
        Console.WriteLine($"store conformance resources: {written} in {clock.Elapsed.TotalSeconds:F1} s ({written / clock.Elapsed.TotalSeconds:F0}/s); again: {await services.GetRequiredService<PackageInstaller>().InstallAsync(CancellationToken.None)} written");

        var serializer = services.GetRequiredService<FhirSerializer>();
        var validator = services.GetRequiredService<ResourceValidator>();
        var examples = Path.Combine(packageFolder, "examples", "tddui-2.2.0");
        var bundle = serializer.ParseJson(File.ReadAllBytes(Path.Combine(examples, "Bundle-tddui-pp-pa-bundle-example.json")));
        var patient = serializer.ParseJson(File.ReadAllBytes(Path.Combine(examples, "from-bundles", "Patient-tddui-patient-ins-example.json")));
        clock.Restart();
        validator.Validate(bundle, [], declaredProfiles: true);
        Console.WriteLine($"first validation, cold (TDDUI PP bundle, {((Bundle)bundle).Entry.Count} entries, snapshots and schemas built): {clock.Elapsed.TotalSeconds:F1} s");

        foreach (var (name, resource) in new[] { ("TDDUI INS patient", patient), ("TDDUI PP bundle", bundle) })
        {
            foreach (var threads in new[] { 1, 2 })
            {
                var latencies = new List<double>[threads];
                var until = DateTime.UtcNow.AddSeconds(seconds);
                await System.Threading.Tasks.Task.WhenAll(Enumerable.Range(0, threads).Select(t => System.Threading.Tasks.Task.Run(() =>
                {
                    latencies[t] = [];
                    while (DateTime.UtcNow < until)
                    {
                        var one = Stopwatch.StartNew();
                        validator.Validate(resource, [], declaredProfiles: true);
                        latencies[t].Add(one.Elapsed.TotalMilliseconds);
                    }
                })));
                var all = latencies.SelectMany(l => l).Order().ToList();
                Console.WriteLine($"{name}, {threads} thread(s): {all.Count / (double)seconds:F0} validations/s, p50 {all[all.Count / 2]:F1} ms, p95 {all[(int)(all.Count * 0.95)]:F1} ms");
            }
        }

        GC.Collect();
        Console.WriteLine($"working set {Process.GetCurrentProcess().WorkingSet64 / (1024 * 1024)} MB, managed heap {GC.GetTotalMemory(forceFullCollection: true) / (1024 * 1024)} MB");
    }
}
