using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenIddict.Client;
using OpenIddict.Client.AspNetCore;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;

namespace EsmsDui.Security;

/// <summary>
/// What OpenIddict takes from <see cref="SecurityOptions"/> and <see cref="ProSanteConnectOptions"/> (token lifetime,
/// issuer, plain HTTP, the staff sign-in provider), applied when its options are built from the bound, validated ones.
/// </summary>
internal sealed class OpenIddictSettings(IOptions<SecurityOptions> security, IOptions<ProSanteConnectOptions> proSanteConnect, IHostEnvironment environment) :
    IConfigureOptions<OpenIddictServerOptions>,
    IConfigureOptions<OpenIddictServerAspNetCoreOptions>,
    IConfigureOptions<OpenIddictClientOptions>,
    IConfigureOptions<OpenIddictClientAspNetCoreOptions>
{
    /// <summary>Registers this configuration (after OpenIddict is added, so it runs after the builder's).</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<OpenIddictSettings>();
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>>(sp => sp.GetRequiredService<OpenIddictSettings>());
        services.AddSingleton<IConfigureOptions<OpenIddictServerAspNetCoreOptions>>(sp => sp.GetRequiredService<OpenIddictSettings>());
        services.AddSingleton<IConfigureOptions<OpenIddictClientOptions>>(sp => sp.GetRequiredService<OpenIddictSettings>());
        services.AddSingleton<IConfigureOptions<OpenIddictClientAspNetCoreOptions>>(sp => sp.GetRequiredService<OpenIddictSettings>());
    }

    private bool RequireHttps => security.Value.RequireHttps ?? !environment.IsDevelopment();

    public void Configure(OpenIddictServerOptions options)
    {
        options.AccessTokenLifetime = security.Value.AccessTokenLifetime;
        if (security.Value.Issuer is { IsAbsoluteUri: true } issuer)
        {
            options.Issuer = issuer;
        }
    }

    public void Configure(OpenIddictServerAspNetCoreOptions options) => options.DisableTransportSecurityRequirement = !RequireHttps;

    public void Configure(OpenIddictClientOptions options)
    {
        // Staff sign in with Pro Santé Connect (or the OIDC provider configured in its place).
        var psc = proSanteConnect.Value;
        if (!psc.IsConfigured)
        {
            return;
        }

        var registration = new OpenIddictClientRegistration
        {
            Issuer = new Uri(psc.Authority!, UriKind.Absolute),
            ProviderName = StaffSignIn.Provider,
            ClientId = psc.ClientId,
            ClientSecret = psc.ClientSecret,
            RedirectUri = new Uri(StaffSignIn.CallbackPath.TrimStart('/'), UriKind.Relative),
        };
        registration.Scopes.UnionWith(psc.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        options.Registrations.Add(registration);
    }

    public void Configure(OpenIddictClientAspNetCoreOptions options)
    {
        if (!RequireHttps)
        {
            // Plain HTTP allowed: the correlation cookie must come back over it (PSC answers by a GET redirect).
            options.DisableTransportSecurityRequirement = true;
            options.CookieBuilder.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.CookieBuilder.SameSite = SameSiteMode.Lax;
        }
    }
}
