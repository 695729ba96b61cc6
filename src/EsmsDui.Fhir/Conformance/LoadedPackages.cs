using EsmsDui.Fhir.Packages;
using EsmsDui.Fhir.Settings;

namespace EsmsDui.Fhir.Conformance;

/// <summary>
/// The FHIR packages the configuration loads (the manifest's roots and their dependencies), read once at
/// start-up from <see cref="FhirEngineOptions.PackageFolders"/>; nothing is downloaded.
/// </summary>
public sealed class LoadedPackages
{
    private readonly Dictionary<string, HashSet<string>> _closures = new(StringComparer.Ordinal);

    private LoadedPackages(string manifest, IReadOnlyList<string> folders, int roots, PackageResolution resolution, IReadOnlyList<string> problems)
    {
        Manifest = manifest;
        Folders = folders;
        RootCount = roots;
        Resolution = resolution;
        Problems = problems;
        foreach (var package in resolution.Loaded)
        {
            _closures[package.Key] = Closure(package.Key);
        }
    }

    /// <summary>The manifest file used.</summary>
    public string Manifest { get; }

    /// <summary>The configured package folders (the manifest's folder is searched too).</summary>
    public IReadOnlyList<string> Folders { get; }

    /// <summary>How many packages the manifest names.</summary>
    public int RootCount { get; }

    /// <summary>What resolving the manifest over the folders gave.</summary>
    public PackageResolution Resolution { get; }

    /// <summary>Every loaded package, roots first.</summary>
    public IReadOnlyList<FhirPackage> Packages => Resolution.Loaded;

    /// <summary>Folders or archives that could not be read.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Loads what <paramref name="options"/> configures.</summary>
    public static async Task<LoadedPackages> LoadAsync(FhirEngineOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var manifest = PackageManifest.Locate(options.PackageManifest);
        var folders = options.PackageFolders.Select(PackageManifest.Locate).ToList();
        var roots = await PackageManifest.ReadAsync(manifest, cancellationToken);
        var problems = new List<string>();
        // The manifest's own folder holds the project's package (esmsdui.fhir): loaded without any configuration.
        var own = Path.GetDirectoryName(manifest);
        var scanned = own is not null && Directory.Exists(own) ? folders.Prepend(own).Distinct(StringComparer.Ordinal) : folders;
        var available = await PackageCatalog.ScanAsync(scanned, problems, cancellationToken);

        var resolution = PackageResolver.Resolve(roots, available);
        return new LoadedPackages(manifest, folders, roots.Count, resolution, problems);
    }

    /// <summary>Whether <paramref name="candidate"/> is <paramref name="owner"/> or one of its (transitive) dependencies.</summary>
    public bool IsInScopeOf(string owner, string candidate) =>
        _closures.TryGetValue(owner, out var closure) && closure.Contains(candidate);

    private HashSet<string> Closure(string key)
    {
        var closure = new HashSet<string>(StringComparer.Ordinal) { key };
        var pending = new Stack<string>([key]);
        while (pending.TryPop(out var current))
        {
            foreach (var dependency in Resolution.Dependencies.GetValueOrDefault(current) ?? [])
            {
                if (closure.Add(dependency))
                {
                    pending.Push(dependency);
                }
            }
        }

        return closure;
    }
}
