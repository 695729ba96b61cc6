using EsmsDui.Fhir.Access;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Storage;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Engine;

/// <summary>
/// The way into the engine for everything that is not an HTTP request: connectors, workers, CLI verbs and the
/// operations of other projects. Each call runs under the scope's <see cref="Access"/> (the request's, or an
/// <see cref="EngineActor"/>'s opened with <see cref="EngineScopes.CreateEngineScope"/>) with the same checks,
/// validation and rules as a request; errors are <see cref="Errors.FhirException"/>s.
/// </summary>
public interface IFhirEngine : IFhirSearch
{
    /// <summary>What the calls of this scope may do.</summary>
    AccessContext Access { get; }

    /// <summary>The current version of a resource (a pending write of <paramref name="session"/> first); 404 if unknown, 410 if deleted.</summary>
    Task<StoredResource> ReadAsync(string resourceType, string id, WriteSession? session, CancellationToken cancellationToken);

    /// <summary>One version of a resource; 404 if it has no such version.</summary>
    Task<StoredResource> ReadVersionAsync(string resourceType, string id, int versionId, CancellationToken cancellationToken);

    /// <summary>The newest version, deleted or not, as seen from <paramref name="session"/>; null if there is none.</summary>
    Task<StoredResource?> CurrentAsync(string resourceType, string id, WriteSession? session, CancellationToken cancellationToken);

    /// <summary>Creates a resource in <paramref name="session"/> (written by <see cref="CommitAsync"/>).</summary>
    Task<WriteResult> CreateAsync(Resource resource, WriteSession session, CancellationToken cancellationToken);

    /// <summary>Creates a resource under an id chosen beforehand, in <paramref name="session"/>.</summary>
    Task<WriteResult> CreateWithIdAsync(Resource resource, string id, WriteSession session, CancellationToken cancellationToken);

    /// <summary>Updates (or creates, under a client id) a resource in <paramref name="session"/>; <paramref name="ifMatch"/> makes it conditional on the version.</summary>
    Task<WriteResult> UpdateAsync(string resourceType, string id, Resource resource, string? ifMatch, WriteSession session, CancellationToken cancellationToken);

    /// <summary>Writes every change of <paramref name="session"/> at once, or none; 409 (412 under If-Match) when another write came first.</summary>
    Task CommitAsync(WriteSession session, bool underIfMatch, CancellationToken cancellationToken);

    /// <summary>
    /// Processes a batch or transaction Bundle as <c>POST [base]</c> would (each entry checked as a request) and
    /// returns its response Bundle; <paramref name="baseUrl"/> makes its locations absolute.
    /// </summary>
    Task<Bundle> ProcessBundleAsync(Bundle bundle, string baseUrl, PreferReturn preferReturn, CancellationToken cancellationToken);
}
