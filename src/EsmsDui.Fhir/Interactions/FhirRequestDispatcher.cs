using System.Globalization;
using System.Text.Json;
using EsmsDui.Fhir.Access;
using EsmsDui.Fhir.Bundles;
using EsmsDui.Fhir.Capabilities;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.History;
using EsmsDui.Fhir.Operations;
using EsmsDui.Fhir.Patching;
using EsmsDui.Fhir.Primitives;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Search;
using EsmsDui.Fhir.Search.Reindexing;
using EsmsDui.Fhir.Serialization;
using EsmsDui.Fhir.Storage;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Interactions;

/// <summary>
/// Routes one <see cref="FhirRequest"/> to the interaction it names (FHIR R4 RESTful API) and returns its
/// <see cref="FhirResponse"/>. HTTP requests and batch/transaction entries both come through here.
/// </summary>
public sealed partial class FhirRequestDispatcher(
    ResourceService resources,
    HistoryService history,
    CapabilityStatementProvider capabilities,
    BundleProcessor bundles,
    SearchService search,
    ReindexRunner reindex,
    ValidateOperation validate,
    TerminologyOperations terminology,
    IEnumerable<FhirOperationRoute> contributed,
    IServiceProvider services,
    FhirSerializer serializer,
    AccessContext access,
    DisclosureGate disclosure) : IBundleEntryRouter
{
    /// <summary>
    /// Executes the request (<paramref name="session"/> is the enclosing transaction, if any); what the answer would
    /// return that the caller may not read directly is taken out by the <see cref="DisclosureGate"/>.
    /// </summary>
    public async Task<FhirResponse> DispatchAsync(FhirRequest request, WriteSession? session, CancellationToken cancellationToken) =>
        await disclosure.FilterAsync(await RouteAsync(request, session, cancellationToken), cancellationToken);

    /// <inheritdoc/>
    public Task<FhirResponse> RouteAsync(FhirRequest request, WriteSession? session, CancellationToken cancellationToken)
    {
        var target = request.Target;
        var method = request.Method == "HEAD" ? "GET" : request.Method;
        return target switch
        {
            { Kind: FhirTargetKind.System } => System(request, method, session, cancellationToken),
            { Kind: FhirTargetKind.Capabilities } => Only(method, "GET", () => Task.FromResult(FhirResponse.Ok(capabilities.Get(request.BaseUrl)))),
            { Kind: FhirTargetKind.SystemHistory } => Only(method, "GET", async () =>
            {
                access.DemandEveryType(SmartPermissions.Read, "The history of the whole server");
                DemandAllUsagers("The history of the whole server");
                return FhirResponse.Ok(await history.ReadAsync(null, null, request.ReadQuery, cancellationToken));
            }),
            { Kind: FhirTargetKind.SystemOperation, Name: "$reindex" } => Reindex(request, method, cancellationToken),
            // Any other name is taken for a type, and refused as one.
            { Kind: FhirTargetKind.SystemOperation, Name: var unknown } => TypeLevel(request, method, Known(unknown), session, cancellationToken),
            { Kind: FhirTargetKind.Type, Type: var type } => TypeLevel(request, method, Known(type), session, cancellationToken),
            { Kind: FhirTargetKind.TypeHistory, Type: var type } => Only(method, "GET", async () =>
            {
                DemandAllUsagers($"The history of every {type}");
                return FhirResponse.Ok(await history.ReadAsync(Readable(type), null, request.ReadQuery, cancellationToken));
            }),
            { Kind: FhirTargetKind.TypeOperation, Type: var type, Name: var operation } => Operation(request, method, Known(type), null, operation, session, cancellationToken),
            { Kind: FhirTargetKind.InstanceOperation, Type: var type, Id: var id, Name: var operation } =>
                VisibleThen(Known(type), Valid(id), () => Operation(request, method, type, id, operation, session, cancellationToken), cancellationToken),
            { Kind: FhirTargetKind.TypeSearch, Type: var type } => Only(method, "POST", async () => FhirResponse.Ok(await search.SearchAsync(Known(type), request.ReadQuery, cancellationToken))),
            { Kind: FhirTargetKind.Instance, Type: var type, Id: var id } => Instance(request, method, Known(type), id, session, cancellationToken),
            { Kind: FhirTargetKind.InstanceHistory, Type: var type, Id: var id } => Only(method, "GET", async () =>
            {
                await search.EnsureVisibleAsync(Readable(type), Valid(id), cancellationToken);
                return FhirResponse.Ok(await history.ReadAsync(type, id, request.ReadQuery, cancellationToken));
            }),
            { Kind: FhirTargetKind.InstanceVersion, Type: var type, Id: var id, Name: var vid } => Only(method, "GET", async () =>
            {
                await search.EnsureVisibleAsync(Readable(type), Valid(id), cancellationToken);
                return await VersionReadAsync(type, id, vid, cancellationToken);
            }),
            { Kind: FhirTargetKind.Compartment, Type: var owner, Id: var id, Name: var member }
                when CompartmentDefinitions.Members(owner) is not null && (member == SearchQuery.AllTypes || ResourceIds.IsKnownType(member)) =>
                Only(method, "GET", () => VisibleThen(owner, Valid(id), async () => FhirResponse.Ok(await search.SearchCompartmentAsync(owner, id, member, request.ReadQuery, cancellationToken)), cancellationToken)),
            _ => throw new FhirException(FhirErrorKind.NotFound, $"No FHIR interaction at '{ResourceIds.Truncate(request.Path)}'.", OperationOutcome.IssueType.NotSupported),
        };
    }

    private async Task<FhirResponse> System(FhirRequest request, string method, WriteSession? session, CancellationToken cancellationToken)
    {
        if (method == "GET")
        {
            return FhirResponse.Ok(await search.SearchAllAsync(request.ReadQuery, cancellationToken));
        }

        if (method != "POST")
        {
            throw NotAllowed(method, "the server base");
        }

        if (session is not null)
        {
            throw new FhirException(FhirErrorKind.Invalid, "A batch or transaction cannot contain another one.");
        }

        var bundle = request.Resource as Bundle
            ?? throw new FhirException(FhirErrorKind.Invalid, "POST to the server base takes a batch or transaction Bundle.", OperationOutcome.IssueType.Invalid, "Bundle");
        return await bundles.ProcessAsync(bundle, request, this, cancellationToken);
    }

    private async Task<FhirResponse> TypeLevel(FhirRequest request, string method, string type, WriteSession? session, CancellationToken cancellationToken)
    {
        if (method == "GET")
        {
            return FhirResponse.Ok(await search.SearchAsync(type, request.ReadQuery, cancellationToken));
        }

        var owned = session ?? new WriteSession(isTransaction: false);
        var criteria = QueryStringParser.Format(request.Query);
        switch (method)
        {
            case "POST":
                var resource = BodyOf(request, type);
                if (request.IfNoneExist is { } condition && await SingleMatchAsync(type, condition, cancellationToken) is { } existing)
                {
                    return FhirResponse.ForStored(200, existing, null, isWrite: false);
                }

                var created = await resources.CreateAsync(resource, owned, cancellationToken);
                return FhirResponse.ForStored(201, created.Stored, created.Resource, isWrite: true);
            case "PUT":
                var body = BodyOf(request, type);
                var target = await SingleMatchAsync(type, criteria, cancellationToken);
                if (target is not null && body.Id is not null && body.Id != target.Id)
                {
                    throw new FhirException(FhirErrorKind.Invalid, $"The body's id ({ResourceIds.Truncate(body.Id)}) is not the id of the resource the criteria match ({target.Id}).", OperationOutcome.IssueType.Invalid, "Resource.id");
                }

                if (target is null && body.Id is null)
                {
                    var fresh = await resources.CreateAsync(body, owned, cancellationToken);
                    return FhirResponse.ForStored(201, fresh.Stored, fresh.Resource, isWrite: true);
                }

                body.Id ??= target!.Id;
                var updated = await resources.UpdateAsync(type, body.Id, body, request.IfMatch, owned, cancellationToken);
                return FhirResponse.ForStored(updated.Created ? 201 : 200, updated.Stored, updated.Resource, isWrite: true);
            case "DELETE":
                var victim = await SingleMatchAsync(type, criteria, cancellationToken);
                var deleted = victim is null ? null : await resources.DeleteAsync(type, victim.Id, request.IfMatch, owned, cancellationToken);
                return new FhirResponse { Status = 204, VersionId = deleted?.VersionId, LastModified = deleted?.LastUpdated };
            case "PATCH":
                var patchTarget = await SingleMatchAsync(type, criteria, cancellationToken)
                    ?? throw new FhirException(FhirErrorKind.NotFound, $"No {type} matches {ResourceIds.Truncate(criteria)}.");
                var patched = await resources.PatchAsync(type, patchTarget.Id, stored => ApplyPatch(request, stored), request.IfMatch, owned, cancellationToken);
                return FhirResponse.ForStored(200, patched.Stored, patched.Resource, isWrite: true);
            default:
                throw NotAllowed(method, type);
        }
    }

    /// <summary>The one resource conditional criteria select, null for none; 412 when they select several.</summary>
    private async Task<StoredResource?> SingleMatchAsync(string type, string criteria, CancellationToken cancellationToken)
    {
        // The criteria tell whether such resources exist: a conditional interaction searches.
        access.Demand(type, SmartPermissions.Search);
        var matches = await search.MatchAsync(type, criteria, cancellationToken);
        return matches.Count switch
        {
            0 => null,
            1 => matches[0],
            _ => throw new FhirException(FhirErrorKind.PreconditionFailed, $"The criteria {ResourceIds.Truncate(criteria)} match more than one {type}.", OperationOutcome.IssueType.MultipleMatches),
        };
    }

    private async Task<FhirResponse> Instance(FhirRequest request, string method, string type, string id, WriteSession? session, CancellationToken cancellationToken)
    {
        Valid(id);
        var owned = session ?? new WriteSession(isTransaction: false);
        switch (method)
        {
            case "GET":
                access.Demand(type, SmartPermissions.Read);
                await search.EnsureVisibleAsync(type, id, cancellationToken);
                var current = await resources.ReadAsync(type, id, session, cancellationToken);
                return NotModified(request, current) ?? FhirResponse.ForStored(200, current, null, isWrite: false);
            case "PUT":
                var updated = await resources.UpdateAsync(type, id, BodyOf(request, type), request.IfMatch, owned, cancellationToken);
                return FhirResponse.ForStored(updated.Created ? 201 : 200, updated.Stored, updated.Resource, isWrite: true);
            case "PATCH":
                var patched = await resources.PatchAsync(type, id, stored => ApplyPatch(request, stored), request.IfMatch, owned, cancellationToken);
                return FhirResponse.ForStored(200, patched.Stored, patched.Resource, isWrite: true);
            case "DELETE":
                var deleted = await resources.DeleteAsync(type, id, request.IfMatch, owned, cancellationToken);
                return new FhirResponse { Status = 204, VersionId = deleted?.VersionId, LastModified = deleted?.LastUpdated };
            default:
                throw NotAllowed(method, $"{type}/{id}");
        }
    }

    private async Task<FhirResponse> VersionReadAsync(string type, string id, string vid, CancellationToken cancellationToken)
    {
        if (!int.TryParse(vid, NumberStyles.None, CultureInfo.InvariantCulture, out var versionId) || versionId < 1)
        {
            throw new FhirException(FhirErrorKind.NotFound, $"'{ResourceIds.Truncate(vid)}' is not a version of {type}/{id}.");
        }

        var version = await resources.ReadVersionAsync(type, id, versionId, cancellationToken);
        return FhirResponse.ForStored(200, version, null, isWrite: false);
    }

    private Resource ApplyPatch(FhirRequest request, StoredResource current)
    {
        if (request.JsonPatch is { } jsonPatch)
        {
            var patched = JsonPatchApplier.Apply(current.Json.Span, jsonPatch.Span);
            return serializer.ParseJson(JsonSerializer.SerializeToUtf8Bytes(patched));
        }

        if (request.Resource is Parameters fhirPathPatch)
        {
            return FhirPathPatchApplier.Apply(serializer.ParseJson(current.Json.Span), fhirPathPatch);
        }

        throw new FhirException(FhirErrorKind.UnsupportedMediaType, "PATCH takes a JSON Patch (application/json-patch+json) or a FHIRPath Patch Parameters resource.");
    }

    private static FhirResponse? NotModified(FhirRequest request, StoredResource current)
    {
        if (request.IfNoneMatch is { } etag && etag.Trim() != "*" && ETag.Parse(etag) == current.VersionId)
        {
            return new FhirResponse { Status = 304, VersionId = current.VersionId, LastModified = current.LastUpdated };
        }

        if (request.IfModifiedSince is { } since && current.LastUpdated < since.AddSeconds(1))
        {
            return new FhirResponse { Status = 304, VersionId = current.VersionId, LastModified = current.LastUpdated };
        }

        return null;
    }

    private static Resource BodyOf(FhirRequest request, string type)
    {
        var resource = request.Resource
            ?? throw new FhirException(FhirErrorKind.Invalid, $"The request has no {type} in its body.", OperationOutcome.IssueType.Required);
        return resource.TypeName == type
            ? resource
            : throw new FhirException(FhirErrorKind.Invalid, $"The body is a {resource.TypeName} but the URL is for {type}.", OperationOutcome.IssueType.Invalid, "Resource.resourceType");
    }

    private static Task<FhirResponse> Only(string method, string allowed, Func<Task<FhirResponse>> action) =>
        method == allowed ? action() : throw NotAllowed(method, "this URL");

    private static string Known(string type)
    {
        ResourceIds.EnsureKnownType(type);
        return type;
    }

    private async Task<FhirResponse> VisibleThen(string type, string id, Func<Task<FhirResponse>> action, CancellationToken cancellationToken)
    {
        await search.EnsureVisibleAsync(type, id, cancellationToken);
        return await action();
    }

    // History is not narrowed to some usagers: a caller limited to some is refused it.
    private void DemandAllUsagers(string what)
    {
        if (access.IsLimitedToSomeUsagers)
        {
            throw new FhirException(FhirErrorKind.Forbidden, $"{what} is not available to a client limited to some usagers (of some establishments, or one in context).", OperationOutcome.IssueType.Forbidden);
        }
    }

    private string Readable(string type)
    {
        access.Demand(Known(type), SmartPermissions.Read);
        return type;
    }

    private static string Valid(string id)
    {
        ResourceIds.EnsureValid(id);
        return id;
    }

    private static FhirException NotAllowed(string method, string target) =>
        new(FhirErrorKind.MethodNotAllowed, $"{ResourceIds.Truncate(method)} is not supported on {target}.", OperationOutcome.IssueType.NotSupported);
}
