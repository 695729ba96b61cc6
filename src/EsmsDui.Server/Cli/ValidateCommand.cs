using EsmsDui.Fhir.Conformance;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Serialization;
using EsmsDui.Fhir.Validation;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace EsmsDui.Server.Cli;

/// <summary>
/// The <c>validate</c> verb for editors: validates FHIR files (JSON or XML, or folders of them) against FHIR core,
/// the profiles they declare, those the configuration requires and <c>--profile</c>, with the configured
/// packages and no database. One report per file; exit code 1 when any file has an error.
/// </summary>
internal static class ValidateCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> paths, string? profile, TextWriter output, CancellationToken cancellationToken)
    {
        // Offline: only the packages and FHIR core, never a database.
        services.GetRequiredService<StoredConformanceResolver>().Enabled = false;
        var serializer = services.GetRequiredService<FhirSerializer>();
        var validator = services.GetRequiredService<ResourceValidator>();
        var required = services.GetRequiredService<IOptions<ValidationOptions>>().Value.RequiredProfiles;
        var files = paths.SelectMany(Files).ToList();
        var failed = 0;
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IReadOnlyList<OperationOutcome.IssueComponent> issues;
            try
            {
                var bytes = await File.ReadAllBytesAsync(file, cancellationToken);
                var resource = serializer.Parse(bytes, file.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) ? FhirFormat.Xml : FhirFormat.Json);
                var profiles = (required.GetValueOrDefault(resource.TypeName) ?? []).Concat(profile is null ? [] : [profile]).ToList();
                issues = validator.Validate(resource, profiles, declaredProfiles: true).Issue;
            }
            catch (FhirException ex)
            {
                issues = ex.Issues;
            }

            var errors = issues.Count(WriteValidation.IsError);
            failed += errors > 0 ? 1 : 0;
            await output.WriteLineAsync($"{(errors > 0 ? "FAIL" : "ok  ")} {file}: {errors} error(s), {issues.Count - errors} warning(s) or note(s)");
            foreach (var issue in issues.OrderByDescending(WriteValidation.IsError))
            {
                await output.WriteLineAsync($"     {issue.Severity?.ToString().ToLowerInvariant(),-11} {string.Join(", ", issue.Expression)}: {issue.Diagnostics ?? issue.Details?.Text}");
            }
        }

        await output.WriteLineAsync($"{files.Count} file(s), {failed} with errors.");
        return files.Count == 0 ? 2 : failed > 0 ? 1 : 0;
    }

    private static IEnumerable<string> Files(string path) =>
        Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*.*", SearchOption.AllDirectories).Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal)
            : [path];
}
