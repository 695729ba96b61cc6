using EsmsDui.Fhir.Access;
using EsmsDui.Fhir.Requests;
using EsmsDui.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EsmsDui.Security;

/// <summary>Registers and maps the security of the API.</summary>
public static class SecurityServiceCollectionExtensions
{
    /// <summary>
    /// The OpenIddict authorization server (client credentials; client secrets and private_key_jwt; JWT access
    /// tokens signed with the kept certificate) and its local validation, and the request's
    /// <see cref="AccessContext"/> from the token.
    /// </summary>
    public static IHostApplicationBuilder AddEsmsDuiSecurity(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.SectionName)
            .Validate(o => o.AccessTokenLifetime > TimeSpan.Zero, "Security:AccessTokenLifetime must be positive.")
            .Validate(o => o.Issuer is null || (o.Issuer.IsAbsoluteUri && o.Issuer.Query.Length == 0 && o.Issuer.Fragment.Length == 0), "Security:Issuer must be an absolute URL without query or fragment.")
            .ValidateOnStart();
        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<EsmsDuiDbContext>())
            .AddServer(server =>
            {
                server.SetTokenEndpointUris(SecurityEndpoints.Token.TrimStart('/'))
                    .SetAuthorizationEndpointUris(SecurityEndpoints.Authorization.TrimStart('/'))
                    .SetIntrospectionEndpointUris(SecurityEndpoints.Introspection.TrimStart('/'))
                    .AllowClientCredentialsFlow()
                    .AllowAuthorizationCodeFlow()
                    .AllowRefreshTokenFlow()
                    .RequireProofKeyForCodeExchange()
                    // SMART scopes are open-ended (every type × cruds): ClientRegistry and SmartGrant check them.
                    .DisableScopeValidation()
                    .IgnoreScopePermissions()
                    // Resource servers other than this one read the JWT; it is signed, not encrypted.
                    .DisableAccessTokenEncryption()
                    .UseClientCertificateBoundAccessTokens();

                // PKCE with S256 only, as the SMART configuration says: "plain" gives the verifier away to whoever
                // sees the authorization request.
                server.Configure(o => o.CodeChallengeMethods.Remove(OpenIddict.Abstractions.OpenIddictConstants.CodeChallengeMethods.Plain));
                foreach (var handler in ClientAssertionCompatibility.Descriptors.Append(SignInAudit.Refused).Concat(TokenEndpointHardening.Descriptors))
                {
                    server.AddEventHandler(handler);
                }

                server.UseAspNetCore().EnableTokenEndpointPassthrough().EnableAuthorizationEndpointPassthrough();

                // A TLS client certificate binds tokens (CertificateBinding, RFC 8705) but does not authenticate the
                // client here: OpenIddict would refuse a certificate no mTLS policy of its own covers.
                server.RemoveEventHandler(OpenIddict.Server.OpenIddictServerHandlers.ValidateClientCertificate.Descriptor);
            })
            .AddClient(client =>
            {
                // Staff sign in with Pro Santé Connect (OpenIddictSettings registers it from its options).
                client.AllowAuthorizationCodeFlow().SetRedirectionEndpointUris(StaffSignIn.CallbackPath.TrimStart('/'));
                client.UseAspNetCore().EnableRedirectionEndpointPassthrough();
                client.UseSystemNetHttp();
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();

                // Each access token is checked against its entry in the database: a removed client's tokens (deleted with
                // it) or a revoked token stop working at once, on every node, instead of at expiry.
                validation.EnableTokenEntryValidation();

                // Bearer tokens from the Authorization header only: a token in a URL or a form is logged or echoed.
                validation.UseAspNetCore().DisableAccessTokenExtractionFromQueryString().DisableAccessTokenExtractionFromBodyForm();
            });

        // The staff session cookie is protected by ASP.NET Data Protection, its keys kept with the token certificates
        // (TokenKeyOptions). The certificates are read, and made on first start, when these options are first built.
        services.AddDataProtection().SetApplicationName("EsmsDui");
        TokenKeyOptions.Register(services);
        OpenIddictSettings.Register(services);

        services.AddOptions<ProSanteConnectOptions>().BindConfiguration(ProSanteConnectOptions.SectionName);
        services.AddAuthentication().AddCookie(StaffSignIn.CookieScheme, cookie =>
        {
            cookie.Cookie.Name = "esmsdui.staff";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;

            // A workstation left alone: the professional signs in again after 2 hours (Ségur, SC.SSI/IE.58).
            cookie.ExpireTimeSpan = TimeSpan.FromHours(2);
            cookie.SlidingExpiration = true;
        });
        services.AddSingleton<TokenFailures>();
        services.AddSingleton<EsmsDui.Fhir.Capabilities.ICapabilityContributor, SmartCapabilities>();
        services.AddScoped<ClientRegistry>();
        services.AddScoped<StaffDirectory>();
        services.AddScoped<StaffRegistry>();
        services.AddHostedService<DemoClientSeeder>();

        // The middleware selects the token's access for the request; a request it did not see may do nothing, work
        // outside a request what its actor selected (unrestricted when it selected nothing).
        services.Replace(ServiceDescriptor.Scoped(sp =>
        {
            if (sp.GetRequiredService<AccessSelection>().Resolve() is { } selected)
            {
                return selected;
            }

            return sp.GetRequiredService<IHttpContextAccessor>().HttpContext is null || !sp.GetRequiredService<IOptions<SecurityOptions>>().Value.Enabled
                ? AccessContext.Unrestricted
                : AccessContext.ForScopes([], null);
        }));
        return builder;
    }

    /// <summary>Maps the token endpoint and the SMART configuration of each FHIR base.</summary>
    public static IEndpointRouteBuilder MapEsmsDuiSecurity(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost(SecurityEndpoints.Token, TokenEndpoint.ExchangeAsync);
        endpoints.MapMethods(SecurityEndpoints.Authorization, [HttpMethods.Get, HttpMethods.Post], StaffSignIn.AuthorizeAsync);
        endpoints.MapMethods(StaffSignIn.CallbackPath, [HttpMethods.Get, HttpMethods.Post], StaffSignIn.CallbackAsync);
        endpoints.MapGet(FhirBase.Path + SmartConfiguration.Path, SmartConfiguration.Get);
        endpoints.MapGet(FhirBase.TenantRoute + SmartConfiguration.Path, SmartConfiguration.Get);
        return endpoints;
    }

    /// <summary>Checks the bearer token of FHIR requests (after routing, before the FHIR endpoints).</summary>
    public static IApplicationBuilder UseEsmsDuiSecurity(this IApplicationBuilder app) => app.UseMiddleware<FhirAccessMiddleware>();

    /// <summary>Guards the token and introspection endpoints (before OpenIddict answers them).</summary>
    public static IApplicationBuilder UseEsmsDuiTokenGuard(this IApplicationBuilder app) => app.UseMiddleware<TokenEndpointGuard>();
}
