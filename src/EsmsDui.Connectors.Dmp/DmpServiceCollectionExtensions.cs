using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EsmsDui.Connectors.Dmp;

/// <summary>Registers the DMP connector.</summary>
public static class DmpServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="DmpXdsClient"/> over the DMP configured in the <c>Dmp</c> section. A configured endpoint without
    /// the structure's certificates, or with certificate files that are not there, stops the server at start-up.
    /// </summary>
    public static IHostApplicationBuilder AddEsmsDuiDmp(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<DmpOptions>().BindConfiguration(DmpOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DmpOptions>, DmpOptionsValidation>();
        builder.Services.AddSingleton<DmpXdsClient>();
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

            if (string.IsNullOrWhiteSpace(options.LpsHomologationId))
            {
                problems.Add("Dmp:LpsHomologationId (LPS_ID_HOMOLOGATION_DMP of the VIHF) is required when Dmp:RepositoryEndpoint is set.");
            }

            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
