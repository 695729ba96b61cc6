using EsmsDui.Fhir.Access;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Operations;
using EsmsDui.Fhir.Primitives;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Resources;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;

namespace EsmsDui.Fhir.Interactions;

/// <content>Operations: the engine's own (<c>$validate</c>, terminology, <c>$reindex</c>) and those other projects contribute.</content>
public sealed partial class FhirRequestDispatcher
{
    // Operations read their input from a Parameters body (POST) or the query (GET, when they change nothing).
    private Task<FhirResponse> Operation(FhirRequest request, string method, string type, string? id, string operation, WriteSession? session, CancellationToken cancellationToken)
    {
        if (method is not ("GET" or "POST"))
        {
            throw NotAllowed(method, operation);
        }

        // An operation reads its type; what it writes, the resource service checks; what it returns of other
        // types, the operation filters or checks.
        if (id is not null || operation != "$validate")
        {
            access.Demand(type, SmartPermissions.Read);
        }

        var call = new OperationRequest(method == "POST", request.Resource, request.ReadQuery);
        return operation switch
        {
            "$validate" => validate.RunAsync(call, type, id, cancellationToken),
            "$expand" or "$validate-code" or "$lookup" => terminology.RunAsync(call, type, id, operation, cancellationToken),
            _ when contributed.FirstOrDefault(r => "$" + r.Name == operation && r.ResourceType == type) is { } route =>
                Contributed(route, call, type, id, session, cancellationToken),
            _ => throw new FhirException(FhirErrorKind.NotFound, $"This server has no operation {ResourceIds.Truncate(operation)}.", OperationOutcome.IssueType.NotSupported),
        };
    }

    private Task<FhirResponse> Contributed(FhirOperationRoute route, OperationRequest call, string type, string? id, WriteSession? session, CancellationToken cancellationToken)
    {
        if (id is null ? !route.TypeLevel : !route.InstanceLevel)
        {
            throw new FhirException(FhirErrorKind.NotFound,
                $"${route.Name} is an operation on {(route.InstanceLevel ? $"{type}/[id]" : type)}, not on {(id is null ? type : $"{type}/[id]")}.", OperationOutcome.IssueType.NotSupported);
        }

        if (route.AffectsState && !call.IsPost)
        {
            throw NotAllowed("GET", $"${route.Name} (it records data: use POST)");
        }

        return ((IFhirOperationHandler)services.GetRequiredService(route.Handler)).RunAsync(call, type, id, session, cancellationToken);
    }

    // POST starts the job in the background (202; restart=true starts over), GET reports its progress.
    private async Task<FhirResponse> Reindex(FhirRequest request, string method, CancellationToken cancellationToken)
    {
        access.DemandEveryType(SmartPermissions.All, "$reindex");
        switch (method)
        {
            case "GET":
                return FhirResponse.Ok(await reindex.StatusAsync(cancellationToken));
            case "POST":
                var restart = request.QueryValue("restart") == "true"
                    || (request.Resource as Parameters)?.GetSingleValue<FhirBoolean>("restart")?.Value == true;
                var started = reindex.Start(restart);
                var status = await reindex.StatusAsync(cancellationToken);
                return new FhirResponse { Status = started ? 202 : 200, Resource = status };
            default:
                throw NotAllowed(method, "$reindex");
        }
    }
}
