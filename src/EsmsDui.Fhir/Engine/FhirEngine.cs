using EsmsDui.Fhir.Access;
using EsmsDui.Fhir.Interactions;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Search;
using EsmsDui.Fhir.Storage;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Engine;

/// <summary>The engine's port, on the resource and search services and the dispatcher of one scope.</summary>
internal sealed class FhirEngine(ResourceService resources, SearchService search, FhirRequestDispatcher dispatcher, AccessContext access) : FhirSearch(search), IFhirEngine
{
    public AccessContext Access => access;

    public Task<StoredResource> ReadAsync(string resourceType, string id, WriteSession? session, CancellationToken cancellationToken) =>
        resources.ReadAsync(resourceType, id, session, cancellationToken);

    public Task<StoredResource> ReadVersionAsync(string resourceType, string id, int versionId, CancellationToken cancellationToken) =>
        resources.ReadVersionAsync(resourceType, id, versionId, cancellationToken);

    public Task<StoredResource?> CurrentAsync(string resourceType, string id, WriteSession? session, CancellationToken cancellationToken) =>
        resources.CurrentAsync(resourceType, id, session, cancellationToken);

    public Task<WriteResult> CreateAsync(Resource resource, WriteSession session, CancellationToken cancellationToken) =>
        resources.CreateAsync(resource, session, cancellationToken);

    public Task<WriteResult> CreateWithIdAsync(Resource resource, string id, WriteSession session, CancellationToken cancellationToken) =>
        resources.CreateWithIdAsync(resource, id, session, cancellationToken);

    public Task<WriteResult> UpdateAsync(string resourceType, string id, Resource resource, string? ifMatch, WriteSession session, CancellationToken cancellationToken) =>
        resources.UpdateAsync(resourceType, id, resource, ifMatch, session, cancellationToken);

    public Task CommitAsync(WriteSession session, bool underIfMatch, CancellationToken cancellationToken) =>
        resources.CommitAsync(session, underIfMatch, cancellationToken);

    public async Task<Bundle> ProcessBundleAsync(Bundle bundle, string baseUrl, PreferReturn preferReturn, CancellationToken cancellationToken)
    {
        var request = new FhirRequest { Method = "POST", Path = string.Empty, BaseUrl = baseUrl, Resource = bundle, Return = preferReturn };
        var response = await dispatcher.DispatchAsync(request, session: null, cancellationToken);
        return (Bundle)response.Resource!;
    }
}
