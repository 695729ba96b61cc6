using System.Collections.Concurrent;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Snapshot;
using Hl7.Fhir.Specification.Source;

namespace EsmsDui.Fhir.Conformance;

/// <summary>
/// The one resolver validation and terminology use: loaded packages first, then FHIR R4 core
/// (<c>Hl7.Fhir.Specification.Data.R4</c>), then resources stored through the API. A StructureDefinition without
/// snapshot (TDDUI publishes differentials only) gets one generated once, under a lock (the generator is not
/// thread-safe and mutates the base definitions it expands), and kept.
/// </summary>
public sealed class ConformanceResolver : CanonicalSource, IDisposable
{
    private static readonly Lazy<ZipSource> Core = new(ZipSource.CreateValidationSource);

    private readonly PackageResourceResolver _packages;
    private readonly StoredConformanceResolver _stored;
    private readonly ConcurrentDictionary<string, Resource?> _fixed = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _snapshotLock = new(1, 1);
    private readonly SnapshotGenerator _generator;

    /// <summary>Chains the sources.</summary>
    public ConformanceResolver(PackageResourceResolver packages, StoredConformanceResolver stored)
    {
        _packages = packages;
        _stored = stored;
        var settings = SnapshotGeneratorSettings.CreateDefault();
        settings.GenerateSnapshotForExternalProfiles = true;
        _generator = new SnapshotGenerator(new RawSource(this), settings);
    }

    /// <summary>FHIR R4 core definitions, from the SDK's specification.zip.</summary>
    public static IAsyncResourceResolver CoreSpecification => Core.Value;

    /// <summary>The package resources behind this resolver.</summary>
    public PackageResourceResolver Packages => _packages;

    /// <inheritdoc/>
    public void Dispose() => _snapshotLock.Dispose();

    /// <inheritdoc/>
    protected override async ValueTask<Resource?> FindAsync(string canonical)
    {
        var resource = await FindRawAsync(canonical).ConfigureAwait(false);
        if (resource is StructureDefinition { Snapshot: not { Element.Count: > 0 } } definition && definition.Differential is not null)
        {
            await _snapshotLock.WaitAsync().ConfigureAwait(false);
            try
            {
                if (definition.Snapshot is not { Element.Count: > 0 })
                {
                    await _generator.UpdateAsync(definition).ConfigureAwait(false);
                    StructureDefinitionRepairs.RepairDiscriminators(definition);
                }
            }
            finally
            {
                _snapshotLock.Release();
            }
        }

        return resource;
    }

    // Packages and core never change while the server runs: their answers are kept; stored ones have their own cache.
    private async ValueTask<Resource?> FindRawAsync(string canonical)
    {
        if (!_fixed.TryGetValue(canonical, out var resource))
        {
            resource = await _packages.ResolveByCanonicalUriAsync(canonical).ConfigureAwait(false)
                ?? await Core.Value.ResolveByCanonicalUriAsync(canonical).ConfigureAwait(false);
            _fixed[canonical] = resource;
        }

        return resource ?? await _stored.ResolveByCanonicalUriAsync(canonical).ConfigureAwait(false);
    }

    // What the snapshot generator reads: the same sources without generation (it expands bases itself).
    private sealed class RawSource(ConformanceResolver owner) : CanonicalSource
    {
        protected override ValueTask<Resource?> FindAsync(string canonical) => owner.FindRawAsync(canonical);
    }
}
