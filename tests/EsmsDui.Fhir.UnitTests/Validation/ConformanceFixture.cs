using EsmsDui.Fhir.Conformance;
using EsmsDui.Fhir.Search;
using EsmsDui.Fhir.Serialization;
using EsmsDui.Fhir.Settings;
using EsmsDui.Fhir.Terminology;
using EsmsDui.Fhir.UnitTests.Packages;
using EsmsDui.Fhir.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace EsmsDui.Fhir.UnitTests.Validation;

/// <summary>The validator over the packages of a manifest, loaded from <c>../shared/fhir-packages</c> once per test class.</summary>
public class ConformanceFixture : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().BuildServiceProvider();
    private readonly string _manifest;

    /// <summary>Loads the project's manifest.</summary>
    public ConformanceFixture()
        : this(null)
    {
    }

    /// <summary>Loads a manifest naming <paramref name="roots"/> instead of the project's.</summary>
    protected ConformanceFixture(IReadOnlyDictionary<string, string>? roots)
    {
        var options = new FhirEngineOptions();
        options.PackageFolders.Add(SharedPackages.Folder);
        if (roots is not null)
        {
            _manifest = Path.Combine(Path.GetTempPath(), $"esmsdui-manifest-{Guid.NewGuid():N}.json");
            File.WriteAllText(_manifest, System.Text.Json.JsonSerializer.Serialize(new { packages = roots }));
            options.PackageManifest = _manifest;
        }
        else
        {
            _manifest = string.Empty;
        }

        Packages = LoadedPackages.LoadAsync(options, CancellationToken.None).GetAwaiter().GetResult();
        Resolver = new ConformanceResolver(new PackageResourceResolver(Packages), new StoredConformanceResolver(new StoredConformanceFinder(_services.GetRequiredService<IServiceScopeFactory>(), Serializer), Changes));
        Terminology = new LocalTerminology(Resolver);
        Validator = new ResourceValidator(Resolver, Terminology, Changes);
    }

    public FhirSerializer Serializer { get; } = new();

    public ConformanceChanges Changes { get; } = new();

    public LoadedPackages Packages { get; }

    public ConformanceResolver Resolver { get; }

    public LocalTerminology Terminology { get; }

    public ResourceValidator Validator { get; }

    public void Dispose()
    {
        Resolver.Dispose();
        _services.Dispose();
        if (_manifest.Length > 0)
        {
            File.Delete(_manifest);
        }

        GC.SuppressFinalize(this);
    }
}
