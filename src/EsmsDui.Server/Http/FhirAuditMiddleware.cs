using EsmsDui.Fhir.Access;
using EsmsDui.Fhir.Audit;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Tenancy;

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
        var exchange = context.RequestServices.GetRequiredService<FhirExchange>();
        if (!trail.Enabled || !exchange.IsFhir || exchange.Rest is "metadata" or ".well-known/smart-configuration" || HttpMethods.IsOptions(context.Request.Method))
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
            var response = exchange.Response;
            var (subtype, action) = AuditedInteraction.Of(context.Request.Method, exchange.Target, response);
            var query = subtype.StartsWith("search", StringComparison.Ordinal) ? Redacted(context.Request.QueryString.Value?.TrimStart('?')) : null;
            // A request to a tenant that does not exist is recorded in the default one: no rows for made-up tenants.
            var tenant = tenancy.Value.Tenants.Contains(exchange.Tenant) ? exchange.Tenant : TenantContext.Default;
            await trail.RecordAsync(
                new AuditRecord(
                    tenant,
                    started,
                    AuditKind.Rest,
                    subtype,
                    action,
                    context.Response.StatusCode,
                    exchange.Outcome,
                    context.RequestServices.GetService<AccessSelection>()?.Context?.Client,
                    context.Connection.RemoteIpAddress?.ToString(),
                    query,
                    AuditedInteraction.Entities(exchange.Target, response)),
                CancellationToken.None);
        }
    }

    // Credentials never reach the trail, even when a client puts them where they do not belong.
    private static readonly string[] Secrets = ["access_token", "refresh_token", "client_secret", "client_assertion", "code_verifier"];

    private static string? Redacted(string? query) => query is null ? null : string.Join('&', query.Split('&').Select(pair =>
        Secrets.Contains(Uri.UnescapeDataString(pair.Split('=')[0]).ToLowerInvariant()) ? pair.Split('=')[0] + "=[redacted]" : pair));
}
