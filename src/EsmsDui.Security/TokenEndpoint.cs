using System.Security.Claims;
using EsmsDui.Fhir.Audit;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace EsmsDui.Security;

/// <summary>
/// <c>POST /connect/token</c> once OpenIddict has authenticated the client (secret or private_key_jwt): the
/// client credentials grant of SMART backend services, with the scopes its registration covers and its tenant.
/// </summary>
internal static class TokenEndpoint
{
    /// <summary>The access token claim naming the tenant the token is for (absent: the default tenant).</summary>
    public const string TenantClaim = "tenant";

    /// <summary>The access token claims naming the ESMS (Organization ids) whose usagers alone the token reaches.</summary>
    public const string EstablishmentClaim = "esms";

    /// <summary>The access token claim naming the usager in context (Patient id, SMART <c>launch/patient</c>).</summary>
    public const string PatientClaim = "patient";

    public static async Task<IResult> ExchangeAsync(HttpContext context, IOpenIddictApplicationManager applications, ClientRegistry clients, AuditTrail audit, TimeProvider clock)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict request is missing: the token endpoint runs behind the OpenIddict server.");
        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            // OpenIddict has checked the code (and its PKCE verifier) or the refresh token: the staff member's
            // principal, as the authorization endpoint made it, is issued again.
            var staff = (await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal
                ?? throw new InvalidOperationException("OpenIddict validated a code or refresh token without a principal.");
            // SMART: the usager in context is told in the token response too.
            var launch = new AuthenticationProperties();
            if (staff.GetClaim(PatientClaim) is { } usager)
            {
                launch.Parameters[PatientClaim] = usager;
            }

            return Results.SignIn(staff, launch, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (!request.IsClientCredentialsGrantType())
        {
            return OAuthErrors.Refuse(Errors.UnsupportedGrantType, "This server issues tokens by client_credentials (backend services), authorization_code and refresh_token (staff applications).");
        }

        var application = await applications.FindByClientIdAsync(request.ClientId!, context.RequestAborted)
            ?? throw new InvalidOperationException("OpenIddict authenticated a client that is not registered.");
        var (granted, error) = SmartGrant.ForClientCredentials(request.Scope, await clients.ScopesAsync(application, context.RequestAborted));
        if (error is not null)
        {
            return OAuthErrors.Refuse(Errors.InvalidScope, error);
        }

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        if (await clients.BindsToCertificateAsync(application, context.RequestAborted))
        {
            // RFC 8705: OpenIddict binds the token to the certificate of the connection (cnf x5t#S256); this client
            // must present one.
            if (await context.Connection.GetClientCertificateAsync(context.RequestAborted) is null)
            {
                return OAuthErrors.Refuse(Errors.InvalidRequest, "This client's tokens are bound to its TLS client certificate: connect with it (mutual TLS).");
            }
        }

        identity.SetClaim(Claims.Subject, request.ClientId);
        identity.SetClaim(Claims.Name, await applications.GetDisplayNameAsync(application, context.RequestAborted));
        var tenant = await clients.TenantAsync(application, context.RequestAborted);
        if (tenant.Length > 0)
        {
            identity.SetClaim(TenantClaim, tenant);
        }

        identity.SetClaims(EstablishmentClaim, [.. await clients.EstablishmentsAsync(application, context.RequestAborted)]);
        identity.SetScopes(granted);
        await audit.RecordAsync(SignInAudit.Record(tenant, clock.GetUtcNow(), 200, null, request.ClientId, context.Connection.RemoteIpAddress?.ToString()), context.RequestAborted);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        // SMART asks the token response to say the scopes granted, even when they are those asked.
        var properties = new AuthenticationProperties();
        properties.Parameters[Parameters.Scope] = string.Join(' ', granted);
        return Results.SignIn(new ClaimsPrincipal(identity), properties, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }
}
