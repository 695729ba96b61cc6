using EsmsDui.Connectors.Dmp.Consultation;
using EsmsDui.Connectors.Dmp.Feeding;
using EsmsDui.Connectors.Records;
using EsmsDui.Fhir.Operations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EsmsDui.Connectors.Dmp;

/// <summary>Registers the DMP connector.</summary>
public static class DmpServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="DmpXdsClient"/> over the DMP configured in the <c>Dmp</c> section, the <c>$dmp-send</c>,
    /// <c>$dmp-fetch</c> and <c>$dmp-manage</c> operations and the outbox worker (idle while no DMP is configured). A configured endpoint without
    /// the structure's certificates, or with certificate files that are not there, stops the server at start-up.
    /// </summary>
    public static IHostApplicationBuilder AddEsmsDuiDmp(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<DmpOptions>().BindConfiguration(DmpOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DmpOptions>, DmpOptionsValidation>();
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DmpXdsClient>();
        services.TryAddSingleton<DmpOutboxSignal>();
        services.TryAddScoped<RecordDocumentReader>();
        services.TryAddScoped<DmpOutbox>();
        services.AddFhirOperation<DmpSendOperation>(DmpSendOperation.Route);
        services.AddFhirOperation<DmpFetchOperation>(DmpFetchOperation.Route);
        services.AddFhirOperation<DmpManageOperation>(DmpManageOperation.Route);
        services.AddHostedService<DmpOutboxWorker>();
        return builder;
    }

    private sealed class DmpOptionsValidation : IValidateOptions<DmpOptions>
    {
        public ValidateOptionsResult Validate(string? name, DmpOptions options)
        {
            if (options.RepositoryEndpoint is null)
            {
                return ValidateOptionsResult.Success;
            }

            var problems = new List<string>();
            if (options.RepositoryEndpoint.Scheme != Uri.UriSchemeHttps)
            {
                problems.Add("Dmp:RepositoryEndpoint must be an https URL (mutual TLS).");
            }

            foreach (var (setting, path) in new[] { ("Dmp:AuthenticationCertificatePath", options.AuthenticationCertificatePath), ("Dmp:SigningCertificatePath", options.SigningCertificatePath), ("Dmp:ServerCaCertificatePath", options.ServerCaCertificatePath) })
            {
                if (path is not null && !File.Exists(path))
                {
                    problems.Add($"{setting}: no file {path}.");
                }
                else if (path is null && setting != "Dmp:ServerCaCertificatePath")
                {
                    problems.Add($"{setting} is required when Dmp:RepositoryEndpoint is set.");
                }
            }

            if (options.MaxAttempts <= 0 || options.RetryDelay <= TimeSpan.Zero || options.PollInterval <= TimeSpan.Zero || options.Timeout <= TimeSpan.Zero || options.MaxDocumentBytes <= 0 || options.MaxDocumentsPerFetch <= 0)
            {
                problems.Add("Dmp:MaxAttempts, RetryDelay, PollInterval, Timeout, MaxDocumentBytes and MaxDocumentsPerFetch are positive.");
            }

            if (string.IsNullOrWhiteSpace(options.LpsHomologationId))
            {
                problems.Add("Dmp:LpsHomologationId (LPS_ID_HOMOLOGATION_DMP of the VIHF) is required when Dmp:RepositoryEndpoint is set.");
            }

            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
