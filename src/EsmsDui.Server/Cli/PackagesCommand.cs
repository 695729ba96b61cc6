using EsmsDui.Fhir.Conformance;

namespace EsmsDui.Server.Cli;

/// <summary>The <c>packages</c> verb: which FHIR packages the configuration loads, which dependencies were substituted, which are missing.</summary>
internal static class PackagesCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var packages = services.GetRequiredService<LoadedPackages>();
        var resolution = packages.Resolution;
        var problems = packages.Problems;
        await output.WriteLineAsync($"Manifest {packages.Manifest}: {packages.RootCount} package(s); folders: {(packages.Folders.Count == 0 ? "none (set Fhir:PackageFolders)" : string.Join(", ", packages.Folders))}");
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
