using EsmsDui.Dossier.Evaluations;
using EsmsDui.Fhir.Operations;
using Microsoft.Extensions.DependencyInjection;

namespace EsmsDui.Dossier;

/// <summary>Registers the DUI domain on top of the engine.</summary>
public static class DossierServiceCollectionExtensions
{
    /// <summary>Adds the DUI operations (<c>$gir</c>).</summary>
    public static IServiceCollection AddDossier(this IServiceCollection services)
    {
        services.AddFhirOperation<GirOperation>(GirOperation.Route);
        return services;
    }
}
