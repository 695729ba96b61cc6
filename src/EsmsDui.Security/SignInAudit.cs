using EsmsDui.Fhir.Audit;
using EsmsDui.Fhir.Tenancy;
using Microsoft.AspNetCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace EsmsDui.Security;

/// <summary>
/// Every token request leaves an audit record (a user authentication, DICOM 110114/110122): granted ones from the
/// token endpoint with the client's tenant, refused ones (unknown client, wrong secret or key, scope beyond the
/// registration) from this handler, in the default tenant since the client may not be known.
/// </summary>
internal static class SignInAudit
{
    /// <summary>A sign-in; <paramref name="usager"/> is the usager put in context (SMART <c>launch/patient</c>), if any.</summary>
    public static AuditRecord Record(string tenant, DateTimeOffset at, int status, string? outcome, string? client, string? address, string? usager = null) =>
        new(tenant, at, AuditKind.Authentication, "login", "E", status, outcome, client, address, null, usager is null ? [] : ["Patient/" + usager]);

    public static OpenIddictServerHandlerDescriptor Refused { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
        .UseInlineHandler(async context =>
        {
            if (context.Error is null)
            {
                return;
            }

            var http = context.Transaction.GetHttpRequest()?.HttpContext;
            var services = http?.RequestServices;
            if (services?.GetService<AuditTrail>() is not { } trail)
            {
                return;
            }

            var status = context.Error is Errors.InvalidClient ? 401 : 400;
            await trail.RecordAsync(
                Record(TenantContext.Default, services.GetRequiredService<TimeProvider>().GetUtcNow(), status, $"{context.Error}: {context.Response.ErrorDescription}", context.Request?.ClientId, http!.Connection.RemoteIpAddress?.ToString()),
                context.CancellationToken);
        })
        .SetOrder(int.MinValue + 50_000)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();
}
