using System.Collections.Concurrent;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Conformance;

/// <summary>
/// Resolves StructureDefinitions, ValueSets and CodeSystems stored through the API (an organisme
/// gestionnaire's local profile), found by their <c>url</c> (and <c>version</c>) search index. Answers are kept
/// until <see cref="ConformanceChanges"/> records a new commit of such a resource.
/// </summary>
public sealed class StoredConformanceResolver(IStoredConformanceFinder finder, ConformanceChanges changes) : CanonicalSource
{
    private ConcurrentDictionary<string, Resource?> _cache = new(StringComparer.Ordinal);

    /// <summary>False to resolve nothing (the <c>validate</c> verb works offline, without a database).</summary>
    public bool Enabled { get; set; } = true;
    private long _generation = -1;

    /// <inheritdoc/>
    protected override async ValueTask<Resource?> FindAsync(string canonical)
    {
        if (!Enabled)
        {
            return null;
        }

        var generation = changes.Generation;
        if (Interlocked.Exchange(ref _generation, generation) != generation)
        {
            _cache = new ConcurrentDictionary<string, Resource?>(StringComparer.Ordinal);
        }

        if (_cache.TryGetValue(canonical, out var known))
        {
            return known;
        }

        var found = await LookUpAsync(canonical).ConfigureAwait(false);
        _cache[canonical] = found;
        return found;
    }

    private async Task<Resource?> LookUpAsync(string canonical)
    {
        var (url, version) = Split(canonical);
        if (!Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            return null;
        }

        return await finder.FindNewestAsync(url, version, CancellationToken.None).ConfigureAwait(false);
    }
}
