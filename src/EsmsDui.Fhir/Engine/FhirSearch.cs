using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Search;
using EsmsDui.Fhir.Storage;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Engine;

/// <summary>The search port, on the search service of one scope.</summary>
internal class FhirSearch(SearchService search) : IFhirSearch
{
    public Task<IReadOnlyList<StoredResource>> FindAsync(string resourceType, string criteria, int limit, CancellationToken cancellationToken) =>
        search.FindAsync(resourceType, criteria, limit, cancellationToken);

    public Task<IReadOnlyList<StoredResource>> FindReachableAsync(string resourceType, string criteria, int limit, CancellationToken cancellationToken) =>
        search.FindReachableAsync(resourceType, criteria, limit, cancellationToken);

    public Task<IReadOnlyList<StoredResource>> MatchAsync(string resourceType, string criteria, CancellationToken cancellationToken) =>
        search.MatchAsync(resourceType, criteria, cancellationToken);

    public Task<IReadOnlyList<StoredResource>> CompartmentAsync(string compartmentType, string id, int limit, CancellationToken cancellationToken) =>
        search.CompartmentAsync(compartmentType, id, limit, cancellationToken);

    public Task<Bundle> ExportCompartmentAsync(
        string compartmentType,
        string id,
        IReadOnlyList<string>? types,
        IReadOnlyList<KeyValuePair<string, string>> criteria,
        IReadOnlyList<(string Type, string Parameter)> referringBy,
        ReadQuery request,
        string path,
        CancellationToken cancellationToken) =>
        search.ExportCompartmentAsync(compartmentType, id, types, criteria, referringBy, request, path, cancellationToken);

    public Task EnsureVisibleAsync(string resourceType, string id, CancellationToken cancellationToken) =>
        search.EnsureVisibleAsync(resourceType, id, cancellationToken);
}
