using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EsmsDui.Connectors.MsSante;

/// <summary>Registers the MSSanté connector.</summary>
public static class MsSanteServiceCollectionExtensions
{
    /// <summary>The options (section <c>MsSante</c>), the token provider and the SMTP sender.</summary>
    public static IServiceCollection AddEsmsDuiMsSante(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<MsSanteOptions>().Bind(configuration.GetSection(MsSanteOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MsSanteTokenProvider>();
        services.TryAddSingleton<MsSanteSmtpSender>();
        return services;
    }
}
