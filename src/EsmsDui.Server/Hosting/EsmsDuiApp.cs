using EsmsDui.Connectors.Dmp;
using EsmsDui.Connectors.Insi;
using EsmsDui.Connectors.MsSante;
using EsmsDui.Connectors.Records;
using EsmsDui.Dossier;
using EsmsDui.Fhir;
using EsmsDui.Security;
using EsmsDui.Server.Http;
using EsmsDui.Storage;
using Microsoft.Extensions.Options;

namespace EsmsDui.Server.Hosting;

/// <summary>The composition root: each project adds itself to the host, the server adds its edge and pipeline; then the checks before listening.</summary>
public static class EsmsDuiApp
{
    /// <summary>Builds the application from command-line arguments (standard ASP.NET Core configuration).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRootFor(args) });
        builder.AddEsmsDuiServer();
        builder.AddEsmsDuiFhir().AddEsmsDuiDossier().AddEsmsDuiInsi().AddEsmsDuiMsSante().AddEsmsDuiDmp().AddEsmsDuiStorage().AddEsmsDuiSecurity();
        builder.Services.AddEsmsDuiRecordDocuments();
        configure?.Invoke(builder);
        return builder.Build().UseEsmsDuiServer();
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
