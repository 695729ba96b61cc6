using System.Collections.Concurrent;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Snapshot;
using Hl7.Fhir.Specification.Source;

namespace EsmsDui.Fhir.Conformance;

/// <summary>
/// The one resolver validation and terminology use: loaded packages first, then FHIR R4 core
/// (<c>Hl7.Fhir.Specification.Data.R4</c>), then resources stored through the API. A StructureDefinition without
/// snapshot (TDDUI publishes differentials only) gets one generated once, one at a time, and kept. The generator
/// reads copies: it completes the snapshots of the bases it expands in place, and the shared instances of those
/// bases may be read by a schema compilation at that very moment (the SDK then fails at random, "Index was out of
/// range").
/// </summary>
public sealed class ConformanceResolver : CanonicalSource, IDisposable
{
    private static readonly Lazy<ZipSource> Core = new(ZipSource.CreateValidationSource);

    private readonly PackageResourceResolver _packages;
    private readonly StoredConformanceResolver _stored;
    private readonly ConcurrentDictionary<string, Resource?> _fixed = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _snapshotLock = new(1, 1);
    private readonly Lock _coreGate = new();
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
            resource = await _packages.ResolveByCanonicalUriAsync(canonical).ConfigureAwait(false) ?? FindInCore(canonical);
            _fixed[canonical] = resource;
        }

        return resource ?? await _stored.ResolveByCanonicalUriAsync(canonical).ConfigureAwait(false);
    }

    // The SDK's directory source builds its index lazily and is not safe for concurrent first use.
    private Resource? FindInCore(string canonical)
    {
        lock (_coreGate)
        {
            return Core.Value.ResolveByCanonicalUri(canonical);
        }
    }

    // What the snapshot generator reads: copies from the same sources, without generation (it expands bases itself).
    private sealed class RawSource(ConformanceResolver owner) : CanonicalSource
    {
        protected override async ValueTask<Resource?> FindAsync(string canonical) =>
            (await owner.FindRawAsync(canonical).ConfigureAwait(false))?.DeepCopy() as Resource;
    }
}
