using EsmsDui.Fhir.Requests;

namespace EsmsDui.Server.Http;

/// <summary>
/// The HTTP edge: a request under a FHIR base has its URL parsed once, into the scope's <see cref="FhirExchange"/>
/// (tenant, path, target), before anything else reads it.
/// </summary>
internal sealed class FhirEdge(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (FhirBase.Split(context.Request.Path.Value) is { } split)
        {
            context.RequestServices.GetRequiredService<FhirExchange>().Open(split.Tenant, split.Relative);
        }

        return next(context);
    }
}
