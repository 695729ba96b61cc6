using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Tenancy;
using EsmsDui.Security;
using EsmsDui.Server.Http;
using EsmsDui.Storage;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace EsmsDui.Server.Hosting;

/// <summary>The server's own part of the host: its options, the HTTP edge, limits, CORS, Kestrel, and the middleware pipeline.</summary>
internal static class ServerHostingExtensions
{
    /// <summary>
    /// Binds and validates <see cref="ServerOptions"/> and <see cref="TenancyOptions"/> (once, checked at start), settles
    /// the configuration the other projects read (a relative data folder, the token issuer), and adds the edge.
    /// </summary>
    public static WebApplicationBuilder AddEsmsDuiServer(this WebApplicationBuilder builder)
    {
        // A relative data folder is the content root's (not the current folder's: systemd starts a service in /).
        var dataFolderKey = $"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.DataFolder)}";
        var dataFolder = builder.Configuration[dataFolderKey] ?? new DatabaseOptions().DataFolder;
        if (!Path.IsPathRooted(dataFolder))
        {
            builder.Configuration[dataFolderKey] = Path.Combine(builder.Environment.ContentRootPath, dataFolder);
        }

        // The token issuer is the public URL unless told otherwise (the same string in tokens and the SMART configuration).
        var issuerKey = $"{SecurityOptions.SectionName}:{nameof(SecurityOptions.Issuer)}";
        if (string.IsNullOrEmpty(builder.Configuration[issuerKey]))
        {
            builder.Configuration[issuerKey] = builder.Configuration[$"{ServerOptions.SectionName}:{nameof(ServerOptions.PublicUrl)}"];
        }

        var services = builder.Services;
        services.AddOptions<ServerOptions>()
            .BindConfiguration(ServerOptions.SectionName)
            .Validate(o => o.MaxRequestBodyBytes > 0, "Server:MaxRequestBodyBytes must be positive.")
            .Validate(o => o.PublicUrl is null || (o.PublicUrl.IsAbsoluteUri && o.PublicUrl.Scheme is "http" or "https" && o.PublicUrl.Query.Length == 0 && o.PublicUrl.Fragment.Length == 0), "Server:PublicUrl must be an absolute http(s) URL without query or fragment.")
            .ValidateOnStart();
        services.AddOptions<TenancyOptions>()
            .BindConfiguration(TenancyOptions.SectionName)
            .Validate(o => o.AreValid(), "Tenancy:Tenants are lower-case letters, digits and dashes (at most 63).")
            .ValidateOnStart();

        // The tenant of a request is its URL's (/t/{tenant}/fhir), the default one for /fhir and for background work.
        services.AddHttpContextAccessor();
        services.AddScoped<TenantSelection>();
        services.AddScoped(sp => new TenantContext(sp.GetRequiredService<TenantSelection>().Tenant ?? sp.GetRequiredService<FhirExchange>().Tenant));
        services.AddSingleton<FhirHttpRequestReader>();
        services.AddSingleton<FhirHttpResponseWriter>();
        services.AddHostedService<ConformanceStartup>();
        services.AddHostedService<AuditWriter>();
        services.AddEsmsDuiRateLimiting();
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<ServerOptions>>((cors, server) => cors.AddDefaultPolicy(policy =>
        {
            _ = server.Value.CorsOrigins.Contains("*") ? policy.AllowAnyOrigin() : policy.WithOrigins([.. server.Value.CorsOrigins]);
            policy.AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("Location", "Content-Location", "ETag", "Last-Modified");
        }));
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<ServerOptions>, IOptions<SecurityOptions>>((kestrel, server, security) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = server.Value.MaxRequestBodyBytes;
            if (security.Value.AcceptClientCertificates)
            {
                // Mutual TLS for certificate-bound tokens: any certificate is accepted here, the token says which one.
                kestrel.ConfigureHttpsDefaults(https =>
                {
                    https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                    https.AllowAnyClientCertificate();
                });
            }
        });
        return builder;
    }

    /// <summary>The middleware pipeline and the endpoints, outermost first.</summary>
    public static WebApplication UseEsmsDuiServer(this WebApplication app)
    {
        app.UseMiddleware<PublicOrigin>();
        app.UseMiddleware<FhirEdge>();
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseMiddleware<FhirAuditMiddleware>();
        app.UseMiddleware<OperationOutcomeMiddleware>();
        app.UseMiddleware<LoadShedding>();
        if (app.Services.GetRequiredService<IOptions<ServerOptions>>().Value.CorsOrigins.Count > 0)
        {
            app.UseCors();
        }

        // Token requests are limited before OpenIddict answers them (a refused secret never reaches an endpoint);
        // the others after the token is read, per client.
        app.UseWhen(RateLimiting.IsTokenRequest, branch => branch.UseRateLimiter());
        app.UseEsmsDuiTokenGuard();
        app.UseAuthentication();
        app.UseEsmsDuiSecurity();
        app.UseWhen(context => !RateLimiting.IsTokenRequest(context), branch => branch.UseRateLimiter());
        app.MapEsmsDuiSecurity();
        app.MapFhir();
        return app;
    }
}
