namespace EsmsDui.Fhir.Packages;

/// <summary>What resolving a set of packages and their dependencies gave.</summary>
/// <param name="Loaded">Every package used, roots first.</param>
/// <param name="Substitutions">Dependencies answered by another version or id, with why.</param>
/// <param name="Missing">Packages that could not be had, each with the package that needs it.</param>
/// <param name="Dependencies">Package key → the keys of the loaded packages its dependencies resolved to.</param>
public sealed record PackageResolution(IReadOnlyList<FhirPackage> Loaded, IReadOnlyList<string> Substitutions, IReadOnlyList<string> Missing, IReadOnlyDictionary<string, IReadOnlyList<string>> Dependencies);

/// <summary>
/// Resolves packages by id and version over the packages found in folders: exact versions first; otherwise the
/// newest available version of the same id (with a substitution noted: FR Core 2.1.0 asks
/// <c>hl7.fhir.uv.extensions.r4#5.1.0</c>, which is not published here, and gets 5.2.0); ids published without
/// their <c>.r4</c> suffix are found under it. FHIR R4 core itself comes with the SDK and is not a package here.
/// </summary>
public static class PackageResolver
{
    private static readonly HashSet<string> ProvidedBySdk = ["hl7.fhir.r4.core"];

    // The IG publisher resolves http://hl7.org/fhir/5.0/StructureDefinition/extension-* without a declared
    // dependency (FR Core 2.2.0 uses R5 Organization.description so): the cross-version package is loaded
    // whenever it is available, and never reported missing.
    private const string CrossVersionExtensions = "hl7.fhir.uv.xver-r5.r4";

    /// <summary>Resolves <paramref name="roots"/> (id → version) and their dependencies over <paramref name="available"/>.</summary>
    public static PackageResolution Resolve(IEnumerable<(string Name, string Version)> roots, IReadOnlyList<FhirPackage> available)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var byName = available.GroupBy(p => p.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var loaded = new List<FhirPackage>();
        var substitutions = new List<string>();
        var missing = new List<string>();
        var edges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var queue = new Queue<(string Name, string Version, string? NeededBy)>(roots.Select(r => (r.Name, r.Version, (string?)null)));
        var seen = new HashSet<(string, string)>();
        while (queue.TryDequeue(out var wanted))
        {
            if (ProvidedBySdk.Contains(wanted.Name))
            {
                continue;
            }

            var found = Find(byName, wanted.Name, wanted.Version);
            if (found is not null && wanted.NeededBy is not null)
            {
                edges[wanted.NeededBy].Add(found.Key);
            }

            if (!seen.Add((wanted.Name, wanted.Version)))
            {
                continue;
            }

            if (found is null)
            {
                missing.Add(wanted.NeededBy is null ? $"{wanted.Name}#{wanted.Version}" : $"{wanted.Name}#{wanted.Version} (needed by {wanted.NeededBy})");
                continue;
            }

            if (found.Name != wanted.Name || found.Version != wanted.Version)
            {
                substitutions.Add($"{wanted.Name}#{wanted.Version} → {found.Key}" + (wanted.NeededBy is null ? string.Empty : $" (for {wanted.NeededBy})"));
            }

            if (loaded.Contains(found))
            {
                continue;
            }

            loaded.Add(found);
            edges[found.Key] = [];
            foreach (var (name, version) in found.Dependencies)
            {
                queue.Enqueue((name, version, found.Key));
            }
        }

        if (byName.TryGetValue(CrossVersionExtensions, out var crossVersion) && !loaded.Exists(p => p.Name == CrossVersionExtensions))
        {
            var newest = crossVersion.MaxBy(p => VersionKey(p.Version))!;
            loaded.Add(newest);
            edges[newest.Key] = [];
            foreach (var root in loaded.Where(p => p != newest))
            {
                edges[root.Key].Add(newest.Key);
            }
        }

        return new PackageResolution(loaded, substitutions, missing, edges.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value, StringComparer.Ordinal));
    }

    private static FhirPackage? Find(Dictionary<string, List<FhirPackage>> byName, string name, string version)
    {
        foreach (var candidate in new[] { name, name + ".r4" })
        {
            if (byName.TryGetValue(candidate, out var versions))
            {
                return versions.FirstOrDefault(p => p.Version == version) ?? versions.MaxBy(p => VersionKey(p.Version));
            }
        }

        return null;
    }

    // 1.10.0 after 1.9.0; a pre-release (1.1.0-ballot) before its release.
    internal static (int, int, int, int) VersionKey(string version)
    {
        var dash = version.IndexOf('-', StringComparison.Ordinal);
        var parts = (dash < 0 ? version : version[..dash]).Split('.').Select(p => int.TryParse(p, out var n) ? n : 0).Concat([0, 0, 0]).ToArray();
        return (parts[0], parts[1], parts[2], dash < 0 ? 1 : 0);
    }
}
