using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Tenancy;
using EsmsDui.Security;

namespace EsmsDui.Server.Cli;

/// <summary>
/// The <c>staff</c> verb: records a professional who signs in with Pro Santé Connect (a Practitioner with their
/// idNatPs and a PractitionerRole per ESMS), or makes them inactive.
/// </summary>
internal static class StaffCommand
{
    /// <summary>The options of the verb (the other <c>--</c> arguments configure the server).</summary>
    public static readonly string[] Options = ["--family", "--given", "--esms", "--tenant"];

    public static async Task<int> RunAsync(IServiceProvider services, string action, string? identifier, IReadOnlyDictionary<string, string> options, TextWriter output, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantSelection>().Tenant = options.GetValueOrDefault("--tenant") ?? TenantContext.Default;
        var staff = scope.ServiceProvider.GetRequiredService<StaffRegistry>();
        switch (action)
        {
            case "add" when identifier is not null && options.TryGetValue("--family", out var family) && options.TryGetValue("--esms", out var esms):
                try
                {
                    var id = await staff.RegisterAsync(identifier, family, options.GetValueOrDefault("--given") ?? string.Empty, esms.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), cancellationToken);
                    await output.WriteLineAsync($"Practitioner/{id} ({identifier}) works at {esms}.");
                    return 0;
                }
                catch (FhirException ex)
                {
                    await output.WriteLineAsync(ex.Message);
                    return 1;
                }

            case "remove" when identifier is not null:
                var removed = await staff.DeactivateAsync(identifier, cancellationToken);
                await output.WriteLineAsync(removed ? $"{identifier} can no longer sign in." : $"No professional {identifier}.");
                return removed ? 0 : 1;
            default:
                return 2;
        }
    }
}
