using EsmsDui.Dossier.Evaluations;
using EsmsDui.Dossier.Exchange;
using EsmsDui.Dossier.Identity;
using EsmsDui.Dossier.Oppositions;
using EsmsDui.Dossier.Records;
using EsmsDui.Fhir.Operations;
using EsmsDui.Fhir.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EsmsDui.Dossier;

/// <summary>Registers the DUI domain on top of the engine.</summary>
public static class DossierServiceCollectionExtensions
{
    /// <summary>Adds the DUI rules (identity on every Patient write) and operations (<c>$gir</c>, <c>Patient/$everything</c>, <c>$tddui-export</c>, <c>$oppositions</c>, <c>$duplicates</c>, <c>$merge</c>, <c>$insi</c> over the port an INSi connector implements).</summary>
    public static IHostApplicationBuilder AddEsmsDuiDossier(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<DossierOptions>().BindConfiguration(DossierOptions.SectionName);
        services.AddScoped<IResourceWriteRule, PatientIdentityRule>();
        services.AddScoped<IResourceWriteRule, OppositionConsentRule>();
        services.AddSingleton<IResourceWriteRule, MedicoSocialIdentifierRule>();
        services.AddScoped<UsagerOppositions>();
        services.AddFhirOperation<OppositionsOperation>(OppositionsOperation.Route);
        services.AddFhirOperation<Identity.Insi.InsiOperation>(Identity.Insi.InsiOperation.Route);
        services.AddFhirOperation<Identity.Merge.PatientMergeOperation>(Identity.Merge.PatientMergeOperation.Route);
        services.AddFhirOperation<Identity.Merge.PatientDuplicatesOperation>(Identity.Merge.PatientDuplicatesOperation.Route);
        services.AddFhirOperation<GirOperation>(GirOperation.Route);
        services.AddFhirOperation<PatientEverythingOperation>(PatientEverythingOperation.Route);
        services.AddScoped<TdduiExporter>();
        services.AddFhirOperation<TdduiExportOperation>(TdduiExportOperation.Route);
        return builder;
    }
}
