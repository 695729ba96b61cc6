using EsmsDui.Fhir.Bundles;
using EsmsDui.Fhir.Capabilities;
using EsmsDui.Fhir.Conformance;
using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.History;
using EsmsDui.Fhir.Installation;
using EsmsDui.Fhir.Interactions;
using EsmsDui.Fhir.Operations;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Search;
using EsmsDui.Fhir.Search.Reindexing;
using EsmsDui.Fhir.Serialization;
using EsmsDui.Fhir.Settings;
using EsmsDui.Fhir.Terminology;
using EsmsDui.Fhir.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EsmsDui.Fhir;

/// <summary>Adds the FHIR engine to a host (it needs an <see cref="Storage.IResourceStore"/> from a storage project).</summary>
public static class FhirEngineServiceCollectionExtensions
{
    /// <summary>Adds the engine services and binds <see cref="FhirEngineOptions"/> to the <c>Fhir</c> section (validated at start).</summary>
    public static IHostApplicationBuilder AddEsmsDuiFhir(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<FhirEngineOptions>()
            .BindConfiguration(FhirEngineOptions.SectionName)
            .Validate(o => o.DefaultPageSize > 0 && o.MaxPageSize >= o.DefaultPageSize, "Fhir:DefaultPageSize must be positive and at most Fhir:MaxPageSize.")
            .Validate(o => o.MaxBundleEntries > 0, "Fhir:MaxBundleEntries must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        // Hosts that serve several tenants register their own (from the request); otherwise everything is the default tenant.
        services.TryAddScoped<Tenancy.TenantSelection>();
        services.TryAddScoped(sp => new Tenancy.TenantContext(sp.GetRequiredService<Tenancy.TenantSelection>().Tenant ?? Tenancy.TenantContext.Default));
        services.TryAddScoped<Requests.FhirExchange>();
        services.TryAddScoped<Access.AccessSelection>();
        services.TryAddScoped(sp => sp.GetRequiredService<Access.AccessSelection>().Resolve() ?? Access.AccessContext.Unrestricted);
        services.AddSingleton<FhirSerializer>();
        services.AddSingleton<CapabilityStatementProvider>();
        services.AddOptions<ValidationOptions>().BindConfiguration(ValidationOptions.SectionName).ValidateOnStart();
        services.AddOptions<Audit.AuditOptions>().BindConfiguration(Audit.AuditOptions.SectionName);
        services.AddSingleton<Audit.AuditTrail>();

        // Read once, when first needed (the host asks at start-up): ~1 s for the French packages and their dependencies.
        services.AddSingleton(sp => LoadedPackages.LoadAsync(sp.GetRequiredService<IOptions<FhirEngineOptions>>().Value, CancellationToken.None).GetAwaiter().GetResult());
        services.AddSingleton<PackageResourceResolver>();
        services.AddSingleton<ConformanceChanges>();
        services.AddSingleton<IStoredConformanceFinder, StoredConformanceFinder>();
        services.AddSingleton<StoredConformanceResolver>();
        services.AddSingleton<ConformanceResolver>();
        services.AddSingleton<LocalTerminology>();
        services.AddSingleton<ResourceValidator>();
        services.AddSingleton<WriteValidation>();
        services.AddSingleton<PackageInstaller>();
        services.AddSingleton(sp => SearchParameterRegistry.For(sp.GetRequiredService<PackageResourceResolver>()));
        services.AddSingleton<SearchIndexer>();
        services.AddSingleton<SearchQueryParser>();
        services.AddScoped<ResourceService>();
        services.AddScoped<WriteReach>();
        services.AddScoped<HistoryService>();
        services.AddScoped<BundleProcessor>();
        services.AddScoped<SearchService>();
        services.AddScoped<ReindexService>();
        services.AddSingleton<ReindexRunner>();
        services.AddScoped<ValidateOperation>();
        services.AddScoped<TerminologyOperations>();
        services.AddScoped<FhirRequestDispatcher>();
        services.AddScoped<DisclosureGate>();
        services.AddScoped<IFhirEngine, FhirEngine>();
        services.AddScoped<IFhirSearch, FhirSearch>();
        return builder;
    }
}
