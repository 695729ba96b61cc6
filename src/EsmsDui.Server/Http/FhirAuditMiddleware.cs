using EsmsDui.Fhir.Access;
using EsmsDui.Fhir.Audit;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Tenancy;
using EsmsDui.Security;

namespace EsmsDui.Server.Http;

/// <summary>
/// Every FHIR request leaves an audit record once it is answered, refused or failed: the interaction, the caller
/// (client of the token, network address), the resources it touched or returned and the usagers they belong to,
/// the outcome. Placed outside the error middleware, it sees the final status of every answer.
/// </summary>
internal sealed class FhirAuditMiddleware(RequestDelegate next, AuditTrail trail, TimeProvider clock, Microsoft.Extensions.Options.IOptions<Hosting.TenancyOptions> tenancy)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!trail.Enabled || FhirAccessMiddleware.FhirPath(context.Request.Path) is not { } rest || rest is "metadata" or ".well-known/smart-configuration" || HttpMethods.IsOptions(context.Request.Method))
        {
            await next(context);
            return;
        }

        var started = clock.GetUtcNow();
        try
        {
            await next(context);
        }
        finally
        {
            var response = context.Items[typeof(FhirResponse)] as FhirResponse;
            var (subtype, action) = AuditedInteraction.Of(context.Request.Method, rest, response);
            var query = subtype.StartsWith("search", StringComparison.Ordinal) ? Redacted(context.Request.QueryString.Value?.TrimStart('?')) : null;
            // A request to a tenant that does not exist is recorded in the default one: no rows for made-up tenants.
            var tenant = context.GetRouteValue("tenant") as string is { } named && tenancy.Value.Tenants.Contains(named) ? named : TenantContext.Default;
            await trail.RecordAsync(
                new AuditRecord(
                    tenant,
                    started,
                    AuditKind.Rest,
                    subtype,
                    action,
                    context.Response.StatusCode,
                    context.Items[AuditedInteraction.OutcomeKey] as string,
                    context.RequestServices.GetService<AccessSelection>()?.Context?.Client,
                    context.Connection.RemoteIpAddress?.ToString(),
                    query,
                    AuditedInteraction.Entities(rest, response)),
                CancellationToken.None);
        }
    }

    // Credentials never reach the trail, even when a client puts them where they do not belong.
    private static readonly string[] Secrets = ["access_token", "refresh_token", "client_secret", "client_assertion", "code_verifier"];

    private static string? Redacted(string? query) => query is null ? null : string.Join('&', query.Split('&').Select(pair =>
        Secrets.Contains(Uri.UnescapeDataString(pair.Split('=')[0]).ToLowerInvariant()) ? pair.Split('=')[0] + "=[redacted]" : pair));
}
