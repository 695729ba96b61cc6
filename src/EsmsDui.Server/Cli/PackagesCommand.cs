using EsmsDui.Fhir;
using EsmsDui.Fhir.Packages;
using Microsoft.Extensions.Options;

namespace EsmsDui.Server.Cli;

/// <summary>The <c>packages</c> verb: which FHIR packages the configuration loads, which dependencies were substituted, which are missing.</summary>
internal static class PackagesCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<IOptions<FhirEngineOptions>>().Value;
        var manifest = PackageManifest.Locate(options.PackageManifest);
        var folders = options.PackageFolders.Select(PackageManifest.Locate).ToList();
        var roots = await PackageManifest.ReadAsync(manifest, cancellationToken);
        var problems = new List<string>();
        var available = await PackageCatalog.ScanAsync(folders, problems, cancellationToken);
        var resolution = PackageResolver.Resolve(roots, available);
        await output.WriteLineAsync($"Manifest {manifest}: {roots.Count} package(s); folders: {(folders.Count == 0 ? "none (set Fhir:PackageFolders)" : string.Join(", ", folders))}");
        foreach (var package in resolution.Loaded)
        {
            await output.WriteLineAsync($"  loaded     {package.Key,-45} {package.Resources.Count,5} resources  {package.Source}");
        }

        foreach (var line in resolution.Substitutions)
        {
            await output.WriteLineAsync($"  substitute {line}");
        }

        foreach (var line in resolution.Missing)
        {
            await output.WriteLineAsync($"  MISSING    {line}");
        }

        foreach (var line in problems)
        {
            await output.WriteLineAsync($"  problem    {line}");
        }

        return resolution.Missing.Count == 0 && problems.Count == 0 ? 0 : 1;
    }
}
