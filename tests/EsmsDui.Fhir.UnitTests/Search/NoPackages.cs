using EsmsDui.Fhir.Conformance;
using EsmsDui.Fhir.Search;
using EsmsDui.Fhir.Serialization;
using EsmsDui.Fhir.Settings;
using EsmsDui.Fhir.Terminology;
using Microsoft.Extensions.DependencyInjection;

namespace EsmsDui.Fhir.UnitTests.Search;

/// <summary>Terminology over FHIR core only (no package folder, no database), for tests that need none.</summary>
internal static class NoPackages
{
    public static readonly LocalTerminology Terminology = Create();

    private static LocalTerminology Create()
    {
        var packages = LoadedPackages.LoadAsync(new FhirEngineOptions(), CancellationToken.None).GetAwaiter().GetResult();
        var stored = new StoredConformanceResolver(new StoredConformanceFinder(new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(), new FhirSerializer()), new ConformanceChanges());
        return new LocalTerminology(new ConformanceResolver(new PackageResourceResolver(packages), stored));
    }
}
