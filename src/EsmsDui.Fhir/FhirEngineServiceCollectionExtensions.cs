using EsmsDui.Fhir.Bundles;
using EsmsDui.Fhir.Capabilities;
using EsmsDui.Fhir.History;
using EsmsDui.Fhir.Interactions;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Search;
using EsmsDui.Fhir.Search.Reindexing;
using EsmsDui.Fhir.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EsmsDui.Fhir;

/// <summary>Registers the FHIR engine (it needs an <see cref="Storage.IResourceStore"/> from a storage project).</summary>
public static class FhirEngineServiceCollectionExtensions
{
    /// <summary>Adds the engine services and binds <see cref="FhirEngineOptions"/> to the <c>Fhir</c> section.</summary>
    public static IServiceCollection AddFhirEngine(this IServiceCollection services)
    {
        services.AddOptions<FhirEngineOptions>()
            .BindConfiguration(FhirEngineOptions.SectionName)
            .Validate(o => o.DefaultPageSize > 0 && o.MaxPageSize >= o.DefaultPageSize, "Fhir:DefaultPageSize must be positive and at most Fhir:MaxPageSize.")
            .Validate(o => o.MaxBundleEntries > 0, "Fhir:MaxBundleEntries must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<FhirSerializer>();
        services.AddSingleton<CapabilityStatementProvider>();
        services.AddSingleton<SearchParameterRegistry>();
        services.AddSingleton<SearchIndexer>();
        services.AddSingleton<SearchQueryParser>();
        services.AddScoped<ResourceService>();
        services.AddScoped<HistoryService>();
        services.AddScoped<BundleProcessor>();
        services.AddScoped<SearchService>();
        services.AddScoped<ReindexService>();
        services.AddSingleton<ReindexRunner>();
        services.AddScoped<FhirRequestDispatcher>();
        return services;
    }
}
