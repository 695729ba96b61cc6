using EsmsDui.Fhir.Conformance;
using EsmsDui.Fhir.Installation;
using EsmsDui.Fhir.Validation;
using Microsoft.Extensions.Options;

namespace EsmsDui.Server.Hosting;

/// <summary>
/// After start-up, in the background: reports the loaded packages, stores their conformance resources (readable
/// and searchable through the API) and compiles the validation schemas of the profiles in use, so that the first
/// request is not the one that pays for them.
/// </summary>
internal sealed partial class ConformanceStartup(IServiceProvider services, ILogger<ConformanceStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting first (migrations, listening).
        await Task.Yield();
        try
        {
            var packages = services.GetRequiredService<LoadedPackages>();
            if (packages.Folders.Count == 0)
            {
                LogNoFolder(logger, packages.Resolution.Missing.Count);
            }
            else
            {
                foreach (var missing in packages.Resolution.Missing.Concat(packages.Problems))
                {
                    LogMissing(logger, missing);
                }
            }

            if (packages.Packages.Count == 0)
            {
                return;
            }

            var keys = string.Join(", ", packages.Packages.Select(p => p.Key));
            LogLoaded(logger, packages.Packages.Count, keys);
            var written = await services.GetRequiredService<PackageInstaller>().InstallAsync(stoppingToken);
            LogInstalled(logger, written);
            var options = services.GetRequiredService<IOptions<ValidationOptions>>().Value;
            if (options.WarmUp)
            {
                var profiles = options.RequiredProfiles.Values.SelectMany(p => p)
                    .Concat(packages.Packages.Take(packages.RootCount).SelectMany(p => p.Resources)
                        .Where(r => r.ResourceType == "StructureDefinition" && r.Url is not null && !r.Path.StartsWith("package/example", StringComparison.Ordinal))
                        .Select(r => r.Url!))
                    .Distinct(StringComparer.Ordinal)
                    .ToList();
                var started = TimeProvider.System.GetTimestamp();
                services.GetRequiredService<ResourceValidator>().WarmUp(profiles, stoppingToken);
                var seconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
                LogWarmedUp(logger, profiles.Count, seconds);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
#pragma warning disable CA1031 // Background start-up work must not bring the server down; the failure is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No FHIR package folder configured (Fhir:PackageFolders): {Count} packages of the manifest (the French guides) are not loaded, so their profiles are not checked")]
    private static partial void LogNoFolder(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "FHIR package not available: {Package}")]
    private static partial void LogMissing(ILogger logger, string package);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} FHIR packages loaded: {Packages}")]
    private static partial void LogLoaded(ILogger logger, int count, string packages);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} conformance resources of the packages stored (readable through the API)")]
    private static partial void LogInstalled(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Validation schemas of {Count} profiles compiled in {Seconds:F1} s")]
    private static partial void LogWarmedUp(ILogger logger, int count, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing the packages' conformance resources or compiling their schemas failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
