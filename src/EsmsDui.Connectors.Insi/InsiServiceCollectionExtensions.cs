using EsmsDui.Dossier.Identity.Insi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EsmsDui.Connectors.Insi;

/// <summary>Registers the INSi connector.</summary>
public static class InsiServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IInsiService"/> over the teleservice configured in the <c>Insi</c> section.</summary>
    public static IHostApplicationBuilder AddEsmsDuiInsi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<InsiOptions>().BindConfiguration(InsiOptions.SectionName);
        builder.Services.AddSingleton<IInsiService, InsiSoapClient>();
        return builder;
    }
}
