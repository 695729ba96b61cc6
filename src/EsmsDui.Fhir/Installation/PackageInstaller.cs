using EsmsDui.Fhir.Access;
using EsmsDui.Fhir.Conformance;
using EsmsDui.Fhir.Packages;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Tenancy;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;

namespace EsmsDui.Fhir.Installation;

/// <summary>
/// Stores the conformance resources of the loaded packages, so that they are readable and searchable through the
/// API like any other (<c>GET /fhir/StructureDefinition?url=…</c>). Each keeps its package id and version in
/// <c>meta.source</c> (<c>urn:fhir-package:hl7.fhir.fr.core#2.1.0</c>). Where one resource is published in
/// several versions (<c>ans.fr.nos</c> 1.3.0 and 1.5.0) the newest is stored; validation still resolves each
/// version from the packages. A resource changed through the API since is left as it is. Idempotent: a restart
/// writes nothing new.
/// </summary>
public sealed class PackageInstaller(PackageResourceResolver packages, IServiceScopeFactory scopes)
{
    private const string SourcePrefix = "urn:fhir-package:";
    private const int BatchSize = 200;

    private readonly TaskCompletionSource<int> _installed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the number of resources written when the last <see cref="InstallAsync"/> ends.</summary>
    public Task<int> Installed => _installed.Task;

    /// <summary>Stores what is missing or older; returns how many resources were written.</summary>
    public async Task<int> InstallAsync(CancellationToken cancellationToken)
    {
        try
        {
            var written = await WriteMissingAsync(cancellationToken);
            _installed.TrySetResult(written);
            return written;
        }
        catch (Exception ex)
        {
            _installed.TrySetException(ex);
            throw;
        }
    }

    private async Task<int> WriteMissingAsync(CancellationToken cancellationToken)
    {
        var chosen = packages.Loaded
            .SelectMany(p => p.Resources.Where(r => TenantContext.IsShared(r.ResourceType) && r.Id is not null && !r.Path.StartsWith("package/example", StringComparison.Ordinal)).Select(r => (Package: p, Resource: r)))
            .GroupBy(e => (e.Resource.ResourceType, e.Resource.Id))
            .Select(g => g.MaxBy(e => PackageResolver.VersionKey(e.Resource.Version ?? e.Package.Version)))
            .ToList();
        var written = 0;
        foreach (var batch in chosen.Chunk(BatchSize))
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<AccessSelection>().Context = AccessContext.ForActor("package-installer");
            var resources = scope.ServiceProvider.GetRequiredService<ResourceService>();
            var session = new WriteSession(isTransaction: true) { FromPackage = true };
            foreach (var (package, entry) in batch)
            {
                var source = SourcePrefix + package.Key;
                var current = await resources.CurrentAsync(entry.ResourceType, entry.Id!, session, cancellationToken);
                if (current is { IsDeleted: false } && CurrentSource(current) is { } existing && (existing == source || !existing.StartsWith(SourcePrefix, StringComparison.Ordinal)))
                {
                    continue;
                }

                if (PackageResourceResolver.Read(entry) is not { } resource)
                {
                    continue;
                }

                resource.Meta ??= new Meta();
                resource.Meta.Source = source;
                await resources.UpdateAsync(entry.ResourceType, entry.Id!, resource, null, session, cancellationToken);
                written++;
            }

            await resources.CommitAsync(session, underIfMatch: false, cancellationToken);
        }

        return written;
    }

    // The meta.source of the stored version ("" when it has none, so that an API-made resource is never
    // overwritten). Read as plain JSON: package content may hold codes of later FHIR versions that the strict
    // parser refuses (an R5 type in SearchParameter.base).
    private static string CurrentSource(Storage.StoredResource current)
    {
        using var json = System.Text.Json.JsonDocument.Parse(current.Json);
        return json.RootElement.TryGetProperty("meta", out var meta) && meta.TryGetProperty("source", out var source) && source.ValueKind == System.Text.Json.JsonValueKind.String
            ? source.GetString()!
            : string.Empty;
    }
}
