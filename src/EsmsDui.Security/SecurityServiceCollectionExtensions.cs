using System.Security.Cryptography.X509Certificates;
using EsmsDui.Fhir.Access;
using EsmsDui.Storage;
using Microsoft.AspNetCore.Builder;
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
    public static IServiceCollection AddEsmsDuiSecurity(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.SectionName)
            .Validate(o => o.AccessTokenLifetime > TimeSpan.Zero, "Security:AccessTokenLifetime must be positive.")
            .ValidateOnStart();
        var options = configuration.GetSection(SecurityOptions.SectionName).Get<SecurityOptions>() ?? new SecurityOptions();
        var database = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var keys = string.IsNullOrWhiteSpace(options.KeysFolder) ? Path.Combine(Path.GetFullPath(database.DataFolder), "keys") : Path.GetFullPath(options.KeysFolder);

        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<EsmsDuiDbContext>())
            .AddServer(server =>
            {
                server.SetTokenEndpointUris(SecurityEndpoints.Token.TrimStart('/'))
                    .SetIntrospectionEndpointUris(SecurityEndpoints.Introspection.TrimStart('/'))
                    .AllowClientCredentialsFlow()
                    .SetAccessTokenLifetime(options.AccessTokenLifetime)
                    // SMART scopes are open-ended (every type × cruds): ClientRegistry and SmartGrant check them.
                    .DisableScopeValidation()
                    .IgnoreScopePermissions()
                    // Resource servers other than this one read the JWT; it is signed, not encrypted.
                    .DisableAccessTokenEncryption();
                foreach (var handler in ClientAssertionCompatibility.Descriptors.Append(SignInAudit.Refused))
                {
                    server.AddEventHandler(handler);
                }

                if (options.Enabled)
                {
                    server.AddSigningCertificate(TokenKeys.LoadOrCreate(keys, TokenKeys.SigningFile, X509KeyUsageFlags.DigitalSignature, options.KeysPassword))
                        .AddEncryptionCertificate(TokenKeys.LoadOrCreate(keys, TokenKeys.EncryptionFile, X509KeyUsageFlags.KeyEncipherment, options.KeysPassword));
                }
                else
                {
                    // Nothing is issued to anonymous callers: keys for the life of the process are enough.
                    server.AddEphemeralSigningKey().AddEphemeralEncryptionKey();
                }

                var aspNetCore = server.UseAspNetCore().EnableTokenEndpointPassthrough();
                if (!(options.RequireHttps ?? !environment.IsDevelopment()))
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.UseAspNetCore();
            });

        services.AddScoped<ClientRegistry>();
        services.AddHostedService<DemoClientSeeder>();

        // The middleware puts the token's access in the request; work outside a request is unrestricted.
        services.Replace(ServiceDescriptor.Scoped(sp =>
        {
            var context = sp.GetRequiredService<IHttpContextAccessor>().HttpContext;
            return context is null || !options.Enabled
                ? AccessContext.Unrestricted
                : context.Items[typeof(AccessContext)] as AccessContext ?? AccessContext.ForScopes([], null);
        }));
        return services;
    }

    /// <summary>Maps the token endpoint and the SMART configuration of each FHIR base.</summary>
    public static IEndpointRouteBuilder MapEsmsDuiSecurity(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost(SecurityEndpoints.Token, TokenEndpoint.ExchangeAsync);
        endpoints.MapGet("/fhir/.well-known/smart-configuration", SmartConfiguration.Get);
        endpoints.MapGet("/t/{tenant}/fhir/.well-known/smart-configuration", SmartConfiguration.Get);
        return endpoints;
    }

    /// <summary>Checks the bearer token of FHIR requests (after routing, before the FHIR endpoints).</summary>
    public static IApplicationBuilder UseEsmsDuiSecurity(this IApplicationBuilder app) => app.UseMiddleware<FhirAccessMiddleware>();
}
