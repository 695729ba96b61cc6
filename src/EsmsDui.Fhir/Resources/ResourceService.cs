using EsmsDui.Fhir.Conformance;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Primitives;
using EsmsDui.Fhir.Search;
using EsmsDui.Fhir.Serialization;
using EsmsDui.Fhir.Settings;
using EsmsDui.Fhir.Storage;
using EsmsDui.Fhir.Validation;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace EsmsDui.Fhir.Resources;

/// <summary>
/// Create, read, version-read, update, patch and delete of single resources, with versioning and
/// optimistic concurrency. Writes go through a <see cref="WriteSession"/> so that a transaction commits once.
/// </summary>
public sealed class ResourceService(
    IResourceStore store,
    FhirSerializer serializer,
    SearchIndexer indexer,
    WriteValidation validation,
    ConformanceChanges conformance,
    IOptions<FhirEngineOptions> options,
    IEnumerable<IResourceWriteRule> rules,
    Tenancy.TenantContext tenant,
    Access.AccessContext access,
    SearchService search,
    WriteReach reach,
    TimeProvider clock)
{
    /// <summary>The current version of a resource; 404 if unknown, 410 if deleted.</summary>
    public async Task<StoredResource> ReadAsync(string resourceType, string id, WriteSession? session, CancellationToken cancellationToken)
    {
        var current = await CurrentAsync(resourceType, id, session, cancellationToken)
            ?? throw NotFound(resourceType, id);
        return current.IsDeleted
            ? throw new FhirException(FhirErrorKind.Gone, $"{resourceType}/{id} was deleted (version {current.VersionId}).")
            : current;
    }

    /// <summary>One version of a resource; 404 if unknown, 410 if that version is a deletion.</summary>
    public async Task<StoredResource> ReadVersionAsync(string resourceType, string id, int versionId, CancellationToken cancellationToken)
    {
        ResourceIds.EnsureValid(id);
        var version = await store.ReadVersionAsync(resourceType, id, versionId, cancellationToken)
            ?? throw new FhirException(FhirErrorKind.NotFound, $"{resourceType}/{id} has no version {versionId}.");
        return version.IsDeleted
            ? throw new FhirException(FhirErrorKind.Gone, $"Version {versionId} of {resourceType}/{id} is a deletion.")
            : version;
    }

    /// <summary>The newest version, as seen from the session (its own pending writes first), or null.</summary>
    public async Task<StoredResource?> CurrentAsync(string resourceType, string id, WriteSession? session, CancellationToken cancellationToken)
    {
        ResourceIds.EnsureValid(id);
        return session?.FindPending(resourceType, id)
            ?? await store.ReadCurrentAsync(resourceType, id, cancellationToken);
    }

    /// <summary>Creates a resource under a new server-assigned id (any id in the body is ignored, as R4 requires).</summary>
    public Task<WriteResult> CreateAsync(Resource resource, WriteSession session, CancellationToken cancellationToken) =>
        CreateWithIdAsync(resource, ResourceIds.New(), session, cancellationToken);

    /// <summary>Creates a resource under an id chosen beforehand (a transaction resolving <c>urn:uuid:</c> references).</summary>
    public async Task<WriteResult> CreateWithIdAsync(Resource resource, string id, WriteSession session, CancellationToken cancellationToken)
    {
        resource.Id = id;
        return await WriteAsync(resource, null, WriteMethod.Post, ifMatch: null, session, cancellationToken);
    }

    /// <summary>Updates (or, when allowed, creates) the resource with the given id.</summary>
    public async Task<WriteResult> UpdateAsync(
        string resourceType, string id, Resource resource, string? ifMatch, WriteSession session, CancellationToken cancellationToken)
    {
        EnsureTypeMatches(resourceType, resource);
        if (resource.Id is null)
        {
            throw new FhirException(FhirErrorKind.Invalid, "The resource has no id; an update must carry the id of its URL.", OperationOutcome.IssueType.Required, "Resource.id");
        }

        if (resource.Id != id)
        {
            throw new FhirException(FhirErrorKind.Invalid, $"The id in the body ({ResourceIds.Truncate(resource.Id)}) differs from the id in the URL ({id}).", OperationOutcome.IssueType.Invalid, "Resource.id");
        }

        await search.EnsureVisibleAsync(resourceType, id, cancellationToken);
        var current = await CurrentAsync(resourceType, id, session, cancellationToken);
        EnsureIfMatch(ifMatch, current, resourceType, id);
        if (current is null && !options.Value.AllowUpdateCreate)
        {
            throw new FhirException(FhirErrorKind.MethodNotAllowed, $"{resourceType}/{id} does not exist and this server does not create resources by update.");
        }

        return await WriteAsync(resource, current, WriteMethod.Put, ifMatch, session, cancellationToken);
    }

    /// <summary>Applies a patch to the current version and stores the result as a new version.</summary>
    public async Task<WriteResult> PatchAsync(
        string resourceType, string id, Func<StoredResource, Resource> applyPatch, string? ifMatch, WriteSession session, CancellationToken cancellationToken)
    {
        EnsureNotAuditTrail(resourceType, null);

        // Out of reach is said before anything of the resource is looked at (a patch failing on its content would tell).
        await search.EnsureVisibleAsync(resourceType, id, cancellationToken);
        var current = await ReadAsync(resourceType, id, session, cancellationToken);
        EnsureIfMatch(ifMatch, current, resourceType, id);
        var patched = applyPatch(current);
        if (patched.TypeName != resourceType || patched.Id != id)
        {
            throw new FhirException(FhirErrorKind.Unprocessable, "A patch may not change the type or the id of a resource.", OperationOutcome.IssueType.BusinessRule);
        }

        return await WriteAsync(patched, current, WriteMethod.Patch, ifMatch, session, cancellationToken);
    }

    /// <summary>Deletes a resource (a new version marks the deletion); null when there was nothing to delete.</summary>
    public async Task<StoredResource?> DeleteAsync(
        string resourceType, string id, string? ifMatch, WriteSession session, CancellationToken cancellationToken)
    {
        access.Demand(resourceType, Access.SmartPermissions.Delete);
        EnsureNotAuditTrail(resourceType, null);
        EnsureSharedWritable(resourceType, session);
        await search.EnsureVisibleAsync(resourceType, id, cancellationToken);
        var current = await CurrentAsync(resourceType, id, session, cancellationToken);
        EnsureIfMatch(ifMatch, current, resourceType, id);
        if (current is null || current.IsDeleted)
        {
            return null;
        }

        var write = new ResourceWrite(resourceType, id, current.VersionId + 1, Now(), WriteMethod.Delete, ReadOnlyMemory<byte>.Empty, null)
        {
            TenantId = tenant.StorageTenantFor(resourceType),
        };
        var stored = new StoredResource(write.ResourceType, write.Id, write.VersionId, write.LastUpdated, write.Method, write.Json);
        await RecordAsync(write, stored, ifMatch, session, cancellationToken);
        return stored;
    }

    /// <summary>Commits the writes of a session in one store transaction; 409 (or 412 under If-Match) on a lost race.</summary>
    public async Task CommitAsync(WriteSession session, bool underIfMatch, CancellationToken cancellationToken)
    {
        if (session.Writes.Count == 0)
        {
            return;
        }

        try
        {
            await store.CommitAsync(session.Writes, cancellationToken);
        }
        catch (VersionConflictException conflict)
        {
            throw new FhirException(
                underIfMatch ? FhirErrorKind.PreconditionFailed : FhirErrorKind.Conflict,
                conflict.Message + " Read it again and retry.");
        }

        // Package content is resolved from the packages themselves; only other writes change what validation sees.
        if (!session.FromPackage && session.Writes.Any(w => ConformanceChanges.Types.Contains(w.ResourceType)))
        {
            conformance.Changed();
        }
    }

    // The audit trail is append-only and written by the server alone: no API request creates, changes or deletes an
    // AuditEvent, whatever its scopes.
    private static void EnsureNotAuditTrail(string resourceType, WriteSession? session)
    {
        if (resourceType == "AuditEvent" && session?.ForAuditTrail != true)
        {
            throw new FhirException(FhirErrorKind.MethodNotAllowed, "AuditEvent is written by the server's audit trail only: it cannot be created, updated, patched or deleted through the API.", OperationOutcome.IssueType.NotSupported);
        }
    }

    // What every tenant reads is changed by package installs and platform administrators only.
    private void EnsureSharedWritable(string resourceType, WriteSession session)
    {
        if (Tenancy.TenantContext.IsShared(resourceType) && !session.FromPackage)
        {
            access.DemandSharedWrite(resourceType);
        }
    }

    private async Task<WriteResult> WriteAsync(
        Resource resource, StoredResource? current, WriteMethod method, string? ifMatch, WriteSession session, CancellationToken cancellationToken)
    {
        ResourceIds.EnsureValid(resource.Id);
        var created = current is null || current.IsDeleted;
        EnsureNotAuditTrail(resource.TypeName, created ? session : null);

        // Every write path (HTTP, Bundle entries, operations) comes here: one place checks the caller's scopes.
        access.Demand(resource.TypeName, created ? Access.SmartPermissions.Create : Access.SmartPermissions.Update);
        EnsureSharedWritable(resource.TypeName, session);
        await reach.EnsureAsync(resource, current, session, cancellationToken);
        if (!session.FromPackage)
        {
            validation.EnsureValid(resource);
            await EnsureRulesHoldAsync(resource, current, cancellationToken);
        }

        var version = (current?.VersionId ?? 0) + 1;
        var now = Now();
        resource.Meta ??= new Meta();
        resource.Meta.VersionId = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        resource.Meta.LastUpdated = now;
        var json = serializer.SerializeJson(resource);
        var write = new ResourceWrite(resource.TypeName, resource.Id, version, now, method, json, indexer.Extract(resource))
        {
            TenantId = tenant.StorageTenantFor(resource.TypeName),
        };
        var stored = new StoredResource(write.ResourceType, write.Id, version, now, method, json);
        await RecordAsync(write, stored, ifMatch, session, cancellationToken);
        return new WriteResult(stored, resource, created);
    }

    private async Task EnsureRulesHoldAsync(Resource resource, StoredResource? current, CancellationToken cancellationToken)
    {
        var issues = new List<OperationOutcome.IssueComponent>();
        foreach (var rule in rules.Where(r => r.AppliesTo(resource.TypeName)))
        {
            issues.AddRange(await rule.CheckAsync(resource, current is { IsDeleted: false } ? current : null, cancellationToken));
        }

        if (issues.Exists(WriteValidation.IsError))
        {
            throw new FhirException(FhirErrorKind.Unprocessable, issues);
        }
    }

    private async Task RecordAsync(ResourceWrite write, StoredResource stored, string? ifMatch, WriteSession session, CancellationToken cancellationToken)
    {
        session.Add(write, stored);
        if (!session.IsTransaction)
        {
            await CommitAsync(session, ifMatch is not null, cancellationToken);
        }
    }

    private DateTimeOffset Now() => clock.UtcNowMilliseconds();

    private static void EnsureIfMatch(string? ifMatch, StoredResource? current, string resourceType, string id)
    {
        if (ifMatch is null)
        {
            return;
        }

        var expected = ETag.Parse(ifMatch);
        if (current is null || current.IsDeleted || current.VersionId != expected)
        {
            var actual = current is null ? "it does not exist" : current.IsDeleted ? "it is deleted" : $"the current version is {current.VersionId}";
            throw new FhirException(FhirErrorKind.PreconditionFailed, $"If-Match asks version {expected} of {resourceType}/{id} but {actual}.");
        }
    }

    private static void EnsureTypeMatches(string resourceType, Resource resource)
    {
        if (resource.TypeName != resourceType)
        {
            throw new FhirException(FhirErrorKind.Invalid, $"The body is a {resource.TypeName} but the URL is for {resourceType}.", OperationOutcome.IssueType.Invalid, "Resource.resourceType");
        }
    }

    private static FhirException NotFound(string resourceType, string id) =>
        new(FhirErrorKind.NotFound, $"{resourceType}/{id} does not exist.");
}
