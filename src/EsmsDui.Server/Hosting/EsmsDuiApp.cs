using EsmsDui.Connectors.Insi;
using EsmsDui.Connectors.MsSante;
using EsmsDui.Dossier;
using EsmsDui.Fhir;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Tenancy;
using EsmsDui.Security;
using EsmsDui.Server.Http;
using EsmsDui.Storage;
using Microsoft.Extensions.Options;

namespace EsmsDui.Server.Hosting;

/// <summary>Builds the web application: services, Kestrel limits, the error middleware and the FHIR endpoints.</summary>
public static class EsmsDuiApp
{
    /// <summary>Builds the application from command-line arguments (standard ASP.NET Core configuration).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRootFor(args) });

        // A relative data folder is the content root's (not the current folder's: systemd starts a service in /).
        var dataFolderKey = $"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.DataFolder)}";
        var dataFolder = builder.Configuration[dataFolderKey] ?? new DatabaseOptions().DataFolder;
        if (!Path.IsPathRooted(dataFolder))
        {
            builder.Configuration[dataFolderKey] = Path.Combine(builder.Environment.ContentRootPath, dataFolder);
        }

        builder.Services.AddOptions<ServerOptions>()
            .BindConfiguration(ServerOptions.SectionName)
            .Validate(o => o.MaxRequestBodyBytes > 0, "Server:MaxRequestBodyBytes must be positive.")
            .Validate(o => o.PublicUrl is null || (o.PublicUrl.IsAbsoluteUri && o.PublicUrl.Scheme is "http" or "https" && o.PublicUrl.Query.Length == 0 && o.PublicUrl.Fragment.Length == 0), "Server:PublicUrl must be an absolute http(s) URL without query or fragment.")
            .ValidateOnStart();
        builder.Services.AddOptions<TenancyOptions>()
            .BindConfiguration(TenancyOptions.SectionName)
            .Validate(o => o.Tenants.All(t => System.Text.RegularExpressions.Regex.IsMatch(t, "^[a-z0-9][a-z0-9-]{0,62}$")), "Tenancy:Tenants are lower-case letters, digits and dashes (at most 63).")
            .ValidateOnStart();

        // The tenant of a request is its URL's (/t/{tenant}/fhir), the default one for /fhir and for background work.
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<TenantSelection>();
        builder.Services.AddScoped(sp => new TenantContext(sp.GetRequiredService<TenantSelection>().Tenant ?? sp.GetRequiredService<FhirExchange>().Tenant));
        builder.Services.AddFhirEngine();
        builder.Services.AddDossier();
        builder.Services.AddInsiConnector();
        builder.Services.AddEsmsDuiMsSante(builder.Configuration);
        builder.Services.AddEsmsDuiStorage();
        // The token issuer is the public URL unless told otherwise (the same string in tokens and the SMART configuration).
        var issuerKey = $"{SecurityOptions.SectionName}:{nameof(SecurityOptions.Issuer)}";
        if (string.IsNullOrEmpty(builder.Configuration[issuerKey]))
        {
            builder.Configuration[issuerKey] = builder.Configuration[$"{ServerOptions.SectionName}:{nameof(ServerOptions.PublicUrl)}"];
        }

        builder.Services.AddEsmsDuiSecurity(builder.Configuration, builder.Environment);
        builder.Services.AddEsmsDuiRateLimiting(builder.Configuration.GetSection(ServerOptions.SectionName).Get<ServerOptions>() ?? new ServerOptions());
        builder.Services.AddSingleton<FhirHttpRequestReader>();
        builder.Services.AddSingleton<FhirHttpResponseWriter>();
        builder.Services.AddHostedService<ConformanceStartup>();
        builder.Services.AddHostedService<AuditWriter>();
        var corsOrigins = builder.Configuration.GetSection($"{ServerOptions.SectionName}:{nameof(ServerOptions.CorsOrigins)}").Get<string[]>() ?? [];
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy =>
        {
            _ = corsOrigins.Contains("*") ? policy.AllowAnyOrigin() : policy.WithOrigins(corsOrigins);
            policy.AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("Location", "Content-Location", "ETag", "Last-Modified");
        }));
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.AddServerHeader = false;
            if (context.Configuration.GetValue<bool>($"{SecurityOptions.SectionName}:{nameof(SecurityOptions.AcceptClientCertificates)}"))
            {
                // Mutual TLS for certificate-bound tokens: any certificate is accepted here, the token says which one.
                kestrel.ConfigureHttpsDefaults(https =>
                {
                    https.ClientCertificateMode = Microsoft.AspNetCore.Server.Kestrel.Https.ClientCertificateMode.AllowCertificate;
                    https.AllowAnyClientCertificate();
                });
            }

            kestrel.Limits.MaxRequestBodySize = context.Configuration.GetValue<long?>($"{ServerOptions.SectionName}:{nameof(ServerOptions.MaxRequestBodyBytes)}")
                ?? new ServerOptions().MaxRequestBodyBytes;
        });
        configure?.Invoke(builder);

        var app = builder.Build();
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
        if (corsOrigins.Length > 0)
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

    /// <summary>Applies migrations when configured to, then starts listening.</summary>
    public static async Task StartAsync(WebApplication app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        var anonymous = !app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.Enabled;

        // Refused before anything is done when the configured URLs say so, after listening when only the bound addresses do.
        EnsureSafeToListen(app, ConfiguredUrls(app), anonymous);

        EnsurePackagesLoaded(app.Services.GetRequiredService<Fhir.Conformance.LoadedPackages>());
        if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
        {
            await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        }

        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [];
        try
        {
            EnsureSafeToListen(app, addresses, anonymous);
        }
        catch (InvalidOperationException)
        {
            await app.StopAsync(cancellationToken);
            throw;
        }

        if (anonymous)
        {
            StartupLog.AnonymousAccess(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("EsmsDui.Security"), string.Join(", ", addresses));
        }
    }

    // The folder of appsettings.json: the current one when it holds it (dotnet run, a server started in its own
    // folder), else the application's (a published server started from elsewhere); --contentRoot and the
    // ASPNETCORE_/DOTNET_CONTENTROOT variables still choose.
    private static string? ContentRootFor(string[] args) =>
        args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
        || Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is not null
        || Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT") is not null
        || File.Exists(Path.Combine(Environment.CurrentDirectory, "appsettings.json"))
            ? null
            : AppContext.BaseDirectory;

    // Told where the packages are, the server does not run without some of them (validation and $expand of their
    // value sets would quietly stop working); without any folder it runs on the core specification alone, as logged.
    private static void EnsurePackagesLoaded(Fhir.Conformance.LoadedPackages packages)
    {
        var missing = packages.Resolution.Missing.Concat(packages.Problems).ToList();
        if (packages.Folders.Count > 0 && missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"FHIR packages of {packages.Manifest} cannot be loaded from {string.Join(", ", packages.Folders)} (Fhir:PackageFolders) nor from the manifest's folder: {string.Join("; ", missing)}.");
        }
    }

    // --urls / ASPNETCORE_URLS; http(s)_ports listen on every interface.
    private static IEnumerable<string> ConfiguredUrls(WebApplication app) =>
        (app.Configuration["urls"] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat((app.Configuration["http_ports"] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries).Select(port => $"http://*:{port.Trim()}"))
            .Concat((app.Configuration["https_ports"] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries).Select(port => $"https://*:{port.Trim()}"));

    private static void EnsureSafeToListen(WebApplication app, IEnumerable<string> addresses, bool anonymous)
    {
        if (AnonymousAccess.NotLoopback(addresses) is not { Count: > 0 } open)
        {
            return;
        }

        if (anonymous)
        {
            throw new InvalidOperationException(
                $"Security:Enabled=false serves anonymous callers with every right: only on loopback addresses, and the server would listen on {string.Join(", ", open)}. Use --urls http://127.0.0.1:PORT, or keep security on.");
        }

        if (!PublicOrigin.IsPinned(app.Configuration))
        {
            throw new InvalidOperationException(
                $"The server would listen on {string.Join(", ", open)} and make its links and token issuer from whatever Host header a caller sends. Set Server:PublicUrl (e.g. https://dui.example.fr/), or AllowedHosts to the host names it is called by.");
        }
    }
}
