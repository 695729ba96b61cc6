using EsmsDui.Fhir.Access;
using EsmsDui.Fhir.Conformance;
using EsmsDui.Fhir.Serialization;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;

namespace EsmsDui.Fhir.Search;

/// <summary>
/// Finds stored conformance resources by their <c>url</c> (and <c>version</c>) search index. The resolver that asks
/// lives as long as the process and the search as long as a request: each lookup has its own scope.
/// </summary>
public sealed class StoredConformanceFinder(IServiceScopeFactory scopes, FhirSerializer serializer) : IStoredConformanceFinder
{
    /// <inheritdoc/>
    public async Task<Resource?> FindNewestAsync(string url, string? version, CancellationToken cancellationToken)
    {
        var criteria = "url=" + Uri.EscapeDataString(url) + (version is null ? string.Empty : "&version=" + Uri.EscapeDataString(version));
        await using var scope = scopes.CreateAsyncScope();
        // Without the engine (a validator alone, as in the package tests) nothing is stored to find. The actor is
        // chosen before the search is built: building it resolves the scope's access.
        if (scope.ServiceProvider.GetService<AccessSelection>() is not { } access)
        {
            return null;
        }

        access.Context = AccessContext.ForActor("conformance-resolver");
        var search = scope.ServiceProvider.GetRequiredService<SearchService>();

        foreach (var type in ConformanceChanges.Types)
        {
            var matches = await search.MatchAsync(type, criteria, cancellationToken).ConfigureAwait(false);
            if (matches.Count > 0)
            {
                // Several stored versions of one canonical: the most recently written wins.
                var newest = matches.MaxBy(m => m.LastUpdated)!;
                return serializer.ParseJson(newest.Json.Span);
            }
        }

        return null;
    }
}
