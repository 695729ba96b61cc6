using EsmsDui.Fhir.Access;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Tenancy;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace EsmsDui.Security;

/// <summary>
/// Before a FHIR interaction: the bearer token must be valid (signature, lifetime, issuer) and issued for the
/// tenant of the URL; its scopes become the request's <see cref="AccessContext"/>. <c>metadata</c> and the SMART
/// configuration are open, as SMART requires.
/// </summary>
public sealed class FhirAccessMiddleware(RequestDelegate next, IOptions<SecurityOptions> options)
{
    /// <summary>Checks the token of a FHIR request, then passes it on.</summary>
    public async System.Threading.Tasks.Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var exchange = context.RequestServices.GetRequiredService<FhirExchange>();
        if (!options.Value.Enabled || !exchange.IsFhir || IsOpen(context.Request.Method, exchange.Rest))
        {
            await next(context);
            return;
        }

        // A token in a URL ends up in logs, histories and links: it is taken from the Authorization header only.
        if (context.Request.Query.ContainsKey("access_token"))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_request\"";
            throw new FhirException(FhirErrorKind.Unauthorized,
                "The access token goes in the Authorization header (Authorization: Bearer …), never in the URL.", OperationOutcome.IssueType.Login);
        }

        var result = await context.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        if (!result.Succeeded || result.Principal is null)
        {
            var reason = result.Failure?.Message;
            context.Response.Headers.WWWAuthenticate = reason is null ? "Bearer" : "Bearer error=\"invalid_token\"";
            throw new FhirException(FhirErrorKind.Unauthorized,
                reason is null ? "This FHIR server needs a bearer access token (see /fhir/.well-known/smart-configuration)." : $"The access token is refused: {reason}",
                OperationOutcome.IssueType.Login);
        }

        // A certificate-bound token (RFC 8705) is used over the TLS connection of the same certificate only.
        if (!CertificateBinding.Matches(result.Principal.FindFirst(CertificateBinding.Claim)?.Value, await context.Connection.GetClientCertificateAsync(context.RequestAborted)))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            throw new FhirException(FhirErrorKind.Unauthorized, "The access token is bound to a client certificate this connection does not present.", OperationOutcome.IssueType.Login);
        }

        if ((result.Principal.GetClaim(TokenEndpoint.TenantClaim) ?? TenantContext.Default) != exchange.Tenant)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            throw new FhirException(FhirErrorKind.Unauthorized, "The access token was issued for another tenant.", OperationOutcome.IssueType.Login);
        }

        var establishments = result.Principal.GetClaims(TokenEndpoint.EstablishmentClaim);
        context.RequestServices.GetRequiredService<AccessSelection>().Context = AccessContext.ForScopes(
            result.Principal.GetScopes(), result.Principal.GetClaim(Claims.Subject), establishments.IsDefaultOrEmpty ? null : [.. establishments],
            result.Principal.GetClaim(TokenEndpoint.PatientClaim));
        await next(context);
    }

    private static bool IsOpen(string method, string rest) =>
        HttpMethods.IsOptions(method) || rest is "metadata" or ".well-known/smart-configuration";
}
