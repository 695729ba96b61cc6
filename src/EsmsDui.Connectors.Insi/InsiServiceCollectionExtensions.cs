using EsmsDui.Dossier.Identity.Insi;
using Microsoft.Extensions.DependencyInjection;

namespace EsmsDui.Connectors.Insi;

/// <summary>Registers the INSi connector.</summary>
public static class InsiServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IInsiService"/> over the teleservice configured in the <c>Insi</c> section.</summary>
    public static IServiceCollection AddInsiConnector(this IServiceCollection services)
    {
        services.AddOptions<InsiOptions>().BindConfiguration(InsiOptions.SectionName);
        services.AddSingleton<IInsiService, InsiSoapClient>();
        return services;
    }
}
