using System.Security.Cryptography.X509Certificates;
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
        var (services, configuration, environment) = (builder.Services, builder.Configuration, builder.Environment);
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.SectionName)
            .Validate(o => o.AccessTokenLifetime > TimeSpan.Zero, "Security:AccessTokenLifetime must be positive.")
            .Validate(o => o.Issuer is null || (o.Issuer.IsAbsoluteUri && o.Issuer.Query.Length == 0 && o.Issuer.Fragment.Length == 0), "Security:Issuer must be an absolute URL without query or fragment.")
            .ValidateOnStart();
        var options = configuration.GetSection(SecurityOptions.SectionName).Get<SecurityOptions>() ?? new SecurityOptions();
        var database = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var keys = string.IsNullOrWhiteSpace(options.KeysFolder) ? Path.Combine(Path.GetFullPath(database.DataFolder), "keys") : Path.GetFullPath(options.KeysFolder);
        var requireHttps = options.RequireHttps ?? !environment.IsDevelopment();

        // The server signs tokens and the client its state with the same kept certificates (none without security:
        // nothing is issued to anonymous callers, keys for the life of the process are enough).
        var (signing, encryption) = options.Enabled
            ? (TokenKeys.LoadOrCreate(keys, TokenKeys.SigningFile, X509KeyUsageFlags.DigitalSignature, options.KeysPassword),
               TokenKeys.LoadOrCreate(keys, TokenKeys.EncryptionFile, X509KeyUsageFlags.KeyEncipherment, options.KeysPassword))
            : (null, null);

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
                    .SetAccessTokenLifetime(options.AccessTokenLifetime)
                    // SMART scopes are open-ended (every type × cruds): ClientRegistry and SmartGrant check them.
                    .DisableScopeValidation()
                    .IgnoreScopePermissions()
                    // Resource servers other than this one read the JWT; it is signed, not encrypted.
                    .DisableAccessTokenEncryption()
                    .UseClientCertificateBoundAccessTokens();

                // PKCE with S256 only, as the SMART configuration says: "plain" gives the verifier away to whoever
                // sees the authorization request.
                server.Configure(o => o.CodeChallengeMethods.Remove(OpenIddict.Abstractions.OpenIddictConstants.CodeChallengeMethods.Plain));
                if (options.Issuer is { IsAbsoluteUri: true } issuer)
                {
                    server.SetIssuer(issuer);
                }

                foreach (var handler in ClientAssertionCompatibility.Descriptors.Append(SignInAudit.Refused).Concat(TokenEndpointHardening.Descriptors))
                {
                    server.AddEventHandler(handler);
                }

                _ = signing is null || encryption is null
                    ? server.AddEphemeralSigningKey().AddEphemeralEncryptionKey()
                    : server.AddSigningCertificate(signing).AddEncryptionCertificate(encryption);

                var aspNetCore = server.UseAspNetCore().EnableTokenEndpointPassthrough().EnableAuthorizationEndpointPassthrough();

                // A TLS client certificate binds tokens (CertificateBinding, RFC 8705) but does not authenticate the
                // client here: OpenIddict would refuse a certificate no mTLS policy of its own covers.
                server.RemoveEventHandler(OpenIddict.Server.OpenIddictServerHandlers.ValidateClientCertificate.Descriptor);
                if (!requireHttps)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            .AddClient(client =>
            {
                // Staff sign in with Pro Santé Connect (or the OIDC provider configured in its place).
                var psc = configuration.GetSection(ProSanteConnectOptions.SectionName).Get<ProSanteConnectOptions>() ?? new ProSanteConnectOptions();
                client.AllowAuthorizationCodeFlow().SetRedirectionEndpointUris(StaffSignIn.CallbackPath.TrimStart('/'));
                _ = signing is null || encryption is null
                    ? client.AddEphemeralSigningKey().AddEphemeralEncryptionKey()
                    : client.AddSigningCertificate(signing).AddEncryptionCertificate(encryption);

                var clientAspNetCore = client.UseAspNetCore().EnableRedirectionEndpointPassthrough();
                if (!requireHttps)
                {
                    // Plain HTTP allowed: the correlation cookie must come back over it (PSC answers by a GET redirect).
                    clientAspNetCore.DisableTransportSecurityRequirement();
                    services.Configure<OpenIddict.Client.AspNetCore.OpenIddictClientAspNetCoreOptions>(o =>
                    {
                        o.CookieBuilder.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
                        o.CookieBuilder.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax;
                    });
                }

                client.UseSystemNetHttp();
                if (psc.IsConfigured)
                {
                    var registration = new OpenIddict.Client.OpenIddictClientRegistration
                    {
                        Issuer = new Uri(psc.Authority!, UriKind.Absolute),
                        ProviderName = StaffSignIn.Provider,
                        ClientId = psc.ClientId,
                        ClientSecret = psc.ClientSecret,
                        RedirectUri = new Uri(StaffSignIn.CallbackPath.TrimStart('/'), UriKind.Relative),
                    };
                    registration.Scopes.UnionWith(psc.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries));
                    client.AddRegistration(registration);
                }
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

        if (signing is not null && encryption is not null)
        {
            // The staff session cookie is protected by ASP.NET Data Protection: its keys are kept with the token
            // certificates (shared by every node) and encrypted with the encryption certificate.
            services.AddDataProtection().SetApplicationName("EsmsDui")
                .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(keys, "data-protection")))
                .ProtectKeysWithCertificate(encryption)
                .UnprotectKeysWithAnyCertificate(encryption);
        }

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

            return sp.GetRequiredService<IHttpContextAccessor>().HttpContext is null || !options.Enabled
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
