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
        app.Map(FhirHttpRequestReader.BasePath, HandleAsync);
        app.Map(FhirHttpRequestReader.BasePath + "/{**path}", HandleAsync);
        app.Map(FhirHttpRequestReader.TenantBasePath, HandleAsync);
        app.Map(FhirHttpRequestReader.TenantBasePath + "/{**path}", HandleAsync);
        app.MapFallback("{**path}", NotFoundAsync);
        return app;
    }

    private static async System.Threading.Tasks.Task HandleAsync(
        HttpContext context, FhirHttpRequestReader reader, FhirRequestDispatcher dispatcher, FhirHttpResponseWriter writer, IOptions<TenancyOptions> tenancy)
    {
        var cancellationToken = context.RequestAborted;
        if (context.GetRouteValue("tenant") is string tenant && !tenancy.Value.Tenants.Contains(tenant))
        {
            throw new FhirException(FhirErrorKind.NotFound, $"This server has no tenant '{Fhir.Primitives.ResourceIds.Truncate(tenant)}'.", OperationOutcome.IssueType.NotFound);
        }

        var request = await reader.ReadAsync(context, cancellationToken);

        // What the answer will look like is checked first: a request refused with 406 or 400 must not have written anything.
        FhirMediaTypes.ForResponse(request.QueryValue("_format"), context.Request.GetTypedHeaders().Accept);
        ResponseFilters.Validate(request);
        var response = await dispatcher.DispatchAsync(request, session: null, cancellationToken);
        context.Items[typeof(FhirResponse)] = response;
        await writer.WriteAsync(context, request, response, cancellationToken);
    }

    private static System.Threading.Tasks.Task NotFoundAsync(HttpContext context, FhirHttpResponseWriter writer) =>
        writer.WriteErrorAsync(
            context,
            FhirErrorKind.NotFound,
            [FhirException.Issue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.NotFound, $"Nothing at {context.Request.Path}; the FHIR base is {FhirHttpRequestReader.BasePath}.")],
            context.RequestAborted);
}
