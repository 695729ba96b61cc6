using System.Security.Claims;
using EsmsDui.Fhir.Access;
using EsmsDui.Fhir.Audit;
using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Serialization;
using EsmsDui.Fhir.Tenancy;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Client.AspNetCore;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace EsmsDui.Security;

/// <summary>
/// Staff sign-in for staff applications (authorization code + PKCE): <c>/connect/authorize</c> sends the browser
/// to Pro Santé Connect (<c>acr_values=eidas1</c>), <c>/signin-psc</c> takes the answer back (the identity token's
/// <c>acr</c> checked) into a session cookie, and the code is issued for the Practitioner of the tenant whose
/// national identifier PSC gave, with the ESMS of their PractitionerRoles.
/// </summary>
internal static class StaffSignIn
{
    /// <summary>The session cookie of a signed-in professional (between PSC and the authorization code).</summary>
    public const string CookieScheme = "EsmsDui.Staff";

    /// <summary>The provider name of PSC in the OpenIddict client.</summary>
    public const string Provider = "psc";

    /// <summary>The path PSC sends the browser back to.</summary>
    public const string CallbackPath = "/signin-psc";

    /// <summary>The session claim holding the professional's national identifier.</summary>
    private const string IdentifierClaim = "idnatps";

    // The esms claim value of a professional who has no role in any ESMS: reaches no usager (never "all").
    public const string NoEstablishment = "!none";

    public static async Task<IResult> AuthorizeAsync(
        HttpContext context, IOpenIddictApplicationManager applications, ClientRegistry clients, IServiceScopeFactory scopes,
        IOptions<ProSanteConnectOptions> psc, AuditTrail audit, TimeProvider clock)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict request is missing: the authorization endpoint runs behind the OpenIddict server.");
        if (!psc.Value.IsConfigured)
        {
            return OAuthErrors.Refuse(Errors.ServerError, "Staff sign-in is not configured on this server (Security:ProSanteConnect).");
        }

        var session = await context.AuthenticateAsync(CookieScheme);
        if (!session.Succeeded || session.Principal.FindFirst(IdentifierClaim)?.Value is not { } identifier)
        {
            // To PSC, then back here with the same request.
            var properties = new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictClientAspNetCoreConstants.Properties.ProviderName] = Provider,
            })
            {
                RedirectUri = context.Request.PathBase + context.Request.Path + QueryString.Create(
                    context.Request.HasFormContentType ? context.Request.Form.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString())) : context.Request.Query.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString()))),
            };
            properties.SetParameter("acr_values", psc.Value.AcrValues);
            return Results.Challenge(properties, [OpenIddictClientAspNetCoreDefaults.AuthenticationScheme]);
        }

        var application = await applications.FindByClientIdAsync(request.ClientId!, context.RequestAborted)
            ?? throw new InvalidOperationException("OpenIddict accepted a client that is not registered.");
        var (granted, error) = SmartGrant.ForUser(request.Scope, await clients.ScopesAsync(application, context.RequestAborted));
        if (error is not null)
        {
            return OAuthErrors.Refuse(Errors.InvalidScope, error);
        }

        var tenant = await clients.TenantAsync(application, context.RequestAborted);
        StaffDirectory.Staff? staff;
        await using (var scope = scopes.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantSelection>().Tenant = tenant;
            staff = await scope.ServiceProvider.GetRequiredService<StaffDirectory>().FindAsync(psc.Value.PractitionerIdentifierSystem, identifier, context.RequestAborted);
        }

        var address = context.Connection.RemoteIpAddress?.ToString();
        if (staff is null)
        {
            await audit.RecordAsync(SignInAudit.Record(tenant, clock.GetUtcNow(), 403, $"no Practitioner with the identifier {psc.Value.PractitionerIdentifierSystem}|{identifier}", identifier, address), context.RequestAborted);
            return OAuthErrors.Refuse(Errors.AccessDenied, "This professional is not known to this server (no active Practitioner with their national identifier).");
        }

        string? usager = null;
        if (granted.Contains(SmartGrant.LaunchPatient))
        {
            // The professional picks the usager among those they reach (their establishments), checked again here.
            var professional = EngineActor.User(tenant, AccessContext.ForScopes([], "Practitioner/" + staff.PractitionerId, EstablishmentsOf(staff)));
            await using var scope = scopes.CreateEngineScope(professional);
            var search = scope.ServiceProvider.GetRequiredService<IFhirSearch>();
            usager = request.GetParameter(PatientPicker.ChoiceParameter)?.ToString();
            if (usager is null)
            {
                return await PatientPicker.PageAsync(context, search, scope.ServiceProvider.GetRequiredService<FhirSerializer>(), staff, (query, shown) => audit.RecordAsync(
                    new AuditRecord(tenant, clock.GetUtcNow(), AuditKind.Rest, "search-type", "E", 200, null, "Practitioner/" + staff.PractitionerId, address, query, shown), context.RequestAborted).AsTask(), context.RequestAborted);
            }

            if (!await PatientPicker.ReachesAsync(search, usager, context.RequestAborted))
            {
                return OAuthErrors.Refuse(Errors.AccessDenied, "The usager picked is not one this professional reaches.");
            }
        }

        var fhirBase = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{FhirBase.PathOf(tenant)}";
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, "Practitioner/" + staff.PractitionerId);
        identity.SetClaim(Claims.Name, staff.Name);
        identity.SetClaim("fhirUser", $"{fhirBase}/Practitioner/{staff.PractitionerId}");
        if (tenant.Length > 0)
        {
            identity.SetClaim(TokenEndpoint.TenantClaim, tenant);
        }

        identity.SetClaims(TokenEndpoint.EstablishmentClaim, [.. EstablishmentsOf(staff)]);
        if (usager is not null)
        {
            identity.SetClaim(TokenEndpoint.PatientClaim, usager);
        }

        identity.SetScopes(granted);
        identity.SetDestinations(claim => claim.Type is Claims.Subject or Claims.Name or "fhirUser"
            ? [Destinations.AccessToken, Destinations.IdentityToken]
            : [Destinations.AccessToken]);
        await audit.RecordAsync(SignInAudit.Record(tenant, clock.GetUtcNow(), 200, null, "Practitioner/" + staff.PractitionerId, address, usager), context.RequestAborted);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IReadOnlyList<string> EstablishmentsOf(StaffDirectory.Staff staff) =>
        staff.Establishments.Count == 0 ? [NoEstablishment] : staff.Establishments;

    /// <summary>PSC's answer: the identity token checked (its <c>acr</c> too), the professional kept in the session cookie.</summary>
    public static async Task<IResult> CallbackAsync(HttpContext context, IOptions<ProSanteConnectOptions> psc)
    {
        var result = await context.AuthenticateAsync(OpenIddictClientAspNetCoreDefaults.AuthenticationScheme);
        if (!result.Succeeded || result.Principal is null)
        {
            return Results.Problem("The sign-in with Pro Santé Connect failed: " + (result.Failure?.Message ?? "no identity"), statusCode: 401);
        }

        if (result.Principal.FindFirst("acr")?.Value != psc.Value.AcrValues)
        {
            return Results.Problem($"Pro Santé Connect did not authenticate at the level asked ({psc.Value.AcrValues}).", statusCode: 403);
        }

        if (result.Principal.FindFirst(psc.Value.IdentifierClaim)?.Value is not { Length: > 0 } identifier)
        {
            return Results.Problem($"Pro Santé Connect gave no '{psc.Value.IdentifierClaim}'.", statusCode: 403);
        }

        var session = new ClaimsIdentity(CookieScheme);
        session.AddClaim(new Claim(IdentifierClaim, identifier));
        await context.SignInAsync(CookieScheme, new ClaimsPrincipal(session), new AuthenticationProperties { IsPersistent = false });

        // Back to the authorization request only (no open redirect).
        var back = result.Properties?.RedirectUri;
        return Results.Redirect(back is not null && back.StartsWith(context.Request.PathBase + SecurityEndpoints.Authorization, StringComparison.Ordinal) ? back : "/");
    }
}
