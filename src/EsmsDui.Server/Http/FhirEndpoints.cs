using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Interactions;
using EsmsDui.Fhir.Requests;
using EsmsDui.Server.Hosting;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace EsmsDui.Server.Http;

/// <summary>Maps the FHIR base: every method and path under <c>/fhir</c> goes to the dispatcher.</summary>
internal static class FhirEndpoints
{
    public static WebApplication MapFhir(this WebApplication app)
    {
        app.Map(FhirBase.Path, HandleAsync);
        app.Map(FhirBase.Path + "/{**path}", HandleAsync);
        app.Map(FhirBase.TenantRoute, HandleAsync);
        app.Map(FhirBase.TenantRoute + "/{**path}", HandleAsync);
        app.MapFallback("{**path}", NotFoundAsync);
        return app;
    }

    private static async System.Threading.Tasks.Task HandleAsync(
        HttpContext context, FhirExchange exchange, FhirHttpRequestReader reader, FhirRequestDispatcher dispatcher, FhirHttpResponseWriter writer, IOptions<TenancyOptions> tenancy)
    {
        var cancellationToken = context.RequestAborted;
        if (exchange.Tenant.Length > 0 && !tenancy.Value.Tenants.Contains(exchange.Tenant))
        {
            throw new FhirException(FhirErrorKind.NotFound, $"This server has no tenant '{Fhir.Primitives.ResourceIds.Truncate(exchange.Tenant)}'.", OperationOutcome.IssueType.NotFound);
        }

        var request = await reader.ReadAsync(context, exchange, cancellationToken);

        // What the answer will look like is checked first: a request refused with 406 or 400 must not have written anything.
        FhirMediaTypes.ForResponse(request.QueryValue("_format"), context.Request.GetTypedHeaders().Accept);
        ResponseFilters.Validate(request);
        var response = await dispatcher.DispatchAsync(request, session: null, cancellationToken);
        exchange.Response = response;
        await writer.WriteAsync(context, request, response, cancellationToken);
    }

    private static System.Threading.Tasks.Task NotFoundAsync(HttpContext context, FhirHttpResponseWriter writer) =>
        writer.WriteErrorAsync(
            context,
            FhirErrorKind.NotFound,
            [FhirException.Issue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.NotFound, $"Nothing at {context.Request.Path}; the FHIR base is {FhirBase.Path}.")],
            context.RequestAborted);
}
