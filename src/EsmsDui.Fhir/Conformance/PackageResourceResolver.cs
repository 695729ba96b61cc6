using System.Collections.Concurrent;
using System.Collections.Frozen;
using EsmsDui.Fhir.Packages;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace EsmsDui.Fhir.Conformance;

/// <summary>
/// Resolves the canonical resources of the loaded packages, parsed on first use and kept. A canonical with
/// <c>|version</c> gets that version; without, the newest. Published packages give unversioned canonicals, so
/// where a URL exists in several versions (<c>ans.fr.nos</c> 1.3.0 and 1.5.0) each StructureDefinition and
/// ValueSet has its references pinned to the version its own package depends on, as the IG publisher meant.
/// </summary>
public sealed class PackageResourceResolver : CanonicalSource
{
    private static readonly FhirJsonDeserializer Parser = new(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable));

    private readonly LoadedPackages _packages;
    private readonly FrozenDictionary<string, (FhirPackage Package, PackageResource Resource)[]> _byUrl;
    private readonly ConcurrentDictionary<PackageResource, Lazy<Resource?>> _parsed = new();

    /// <summary>Indexes the canonical resources of <paramref name="packages"/>.</summary>
    public PackageResourceResolver(LoadedPackages packages)
    {
        ArgumentNullException.ThrowIfNull(packages);
        _packages = packages;
        _byUrl = packages.Packages
            .SelectMany(p => p.Resources.Where(r => r.Url is not null).Select(r => (Package: p, Resource: r)))
            .GroupBy(e => e.Resource.Url!, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The loaded packages.</summary>
    public IReadOnlyList<FhirPackage> Loaded => _packages.Packages;

    /// <summary>Every canonical resource of the loaded packages, with its package.</summary>
    public IEnumerable<(FhirPackage Package, PackageResource Resource)> All => _byUrl.Values.SelectMany(v => v);

    /// <summary>A fresh parse of a package entry as published (no repair, no pinning), not kept; null when it cannot be parsed at all.</summary>
    public static Resource? Read(PackageResource entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var json = entry.ReadJson();
        var reader = new System.Text.Json.Utf8JsonReader(json.AsSpan().StartsWith((byte[])[0xEF, 0xBB, 0xBF]) ? json.AsSpan(3) : json);
        Parser.TryDeserializeResource(ref reader, out var resource, out _);
        return resource;
    }

    /// <summary>The parsed resource of a package entry, kept for later calls (null when it cannot be parsed at all).</summary>
    public Resource? Parse(FhirPackage package, PackageResource entry) =>
        _parsed.GetOrAdd(entry, e => new Lazy<Resource?>(() => Load(package, e))).Value;

    /// <inheritdoc/>
    protected override ValueTask<Resource?> FindAsync(string canonical)
    {
        var (url, version) = Split(canonical);
        if (!_byUrl.TryGetValue(url, out var candidates))
        {
            return ValueTask.FromResult<Resource?>(null);
        }

        var chosen = version is null
            ? candidates.MaxBy(c => PackageResolver.VersionKey(c.Resource.Version ?? c.Package.Version))
            : candidates.FirstOrDefault(c => VersionMatches(c.Resource.Version, version));
        return ValueTask.FromResult(chosen.Resource is null ? null : Parse(chosen.Package, chosen.Resource));
    }

    // FHIR lets a canonical give a partial version (1.3 for 1.3.0).
    private static bool VersionMatches(string? actual, string wanted) =>
        actual is not null && (actual == wanted || actual.StartsWith(wanted + ".", StringComparison.Ordinal));

    private Resource? Load(FhirPackage package, PackageResource entry)
    {
        var resource = Read(entry);
        switch (resource)
        {
            case StructureDefinition definition:
                StructureDefinitionRepairs.Apply(definition);
                PinCanonicals(package, definition);
                break;
            case ValueSet valueSet:
                foreach (var include in valueSet.Compose?.Include.Concat(valueSet.Compose.Exclude) ?? [])
                {
                    include.ValueSet = [.. include.ValueSet.Select(v => Pin(package, v))];
                }

                break;
        }

        return resource;
    }

    private void PinCanonicals(FhirPackage owner, StructureDefinition definition)
    {
        definition.BaseDefinition = Pin(owner, definition.BaseDefinition);
        foreach (var element in (definition.Differential?.Element ?? []).Concat(definition.Snapshot?.Element ?? []))
        {
            foreach (var type in element.Type)
            {
                type.Profile = [.. type.Profile.Select(p => Pin(owner, p))];
                type.TargetProfile = [.. type.TargetProfile.Select(p => Pin(owner, p))];
            }

            if (element.Binding is { ValueSet: { } valueSet } binding)
            {
                binding.ValueSet = Pin(owner, valueSet);
            }
        }
    }

    // Only ambiguous, unversioned canonicals change; the version is that of the owner's dependency closure.
    private string? Pin(FhirPackage owner, string? canonical)
    {
        if (canonical is null || canonical.Contains('|', StringComparison.Ordinal) || !_byUrl.TryGetValue(canonical, out var candidates)
            || candidates.Select(c => c.Resource.Version).Distinct().Count() < 2)
        {
            return canonical;
        }

        var inScope = candidates.Where(c => _packages.IsInScopeOf(owner.Key, c.Package.Key)).ToList();
        var chosen = (inScope.Count > 0 ? inScope : [.. candidates]).MaxBy(c => PackageResolver.VersionKey(c.Resource.Version ?? c.Package.Version));
        return chosen.Resource.Version is { } version ? $"{canonical}|{version}" : canonical;
    }
}
