using EsmsDui.Conformance.Model;
using EsmsDui.Fhir.Conformance;
using EsmsDui.Fhir.Settings;
using EsmsDui.Fhir.Terminology;
using EsmsDui.Fhir.Validation;
using Hl7.Fhir.Model;

namespace EsmsDui.Conformance.Validation;

/// <summary>
/// Validates what the server returns against the official packages (FR Core 2.1.0, TDDUI 2.2.0 and their
/// dependencies) from the folder the editor gives, with Firely's validator in this process: the verdict never
/// depends on the server's own <c>$validate</c>. Loaded on first use.
/// </summary>
public sealed class PackageValidator(string? folder) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ConformanceResolver? _resolver;
    private ResourceValidator? _validator;

    /// <summary>The packages folder, when one was given.</summary>
    public string? Folder => folder;

    /// <summary>
    /// The error issues of <paramref name="resource"/> against FHIR R4 and <paramref name="profile"/>; skips the test
    /// when no package folder was given, fails it when the packages cannot be loaded.
    /// </summary>
    public async Task<IReadOnlyList<OperationOutcome.IssueComponent>> ErrorsAsync(Resource resource, string profile)
    {
        var validator = await ValidatorAsync();
        // Declared profiles too: each entry of a Bundle is checked against the profile it claims (tddui-patient-ins…).
        var outcome = validator.Validate(resource, [profile], declaredProfiles: true);
        return [.. outcome.Issue.Where(WriteValidation.IsError)];
    }

    /// <summary>Fails the test with the first errors unless <paramref name="resource"/> conforms to <paramref name="profile"/>.</summary>
    public async Task ExpectValidAsync(Resource resource, string profile, string what)
    {
        var errors = await ErrorsAsync(resource, profile);
        Check.That(errors.Count == 0, $"{what} does not conform to {profile}: {string.Join("; ", errors.Take(5).Select(e => $"{string.Join(",", e.Expression)} {e.Diagnostics ?? e.Details?.Text}"))}{(errors.Count > 5 ? $" (and {errors.Count - 5} more)" : string.Empty)}.");
    }

    private async Task<ResourceValidator> ValidatorAsync()
    {
        if (folder is null)
        {
            throw Check.Skip("No FHIR packages folder given (--packages): the independent validation cannot run.");
        }

        await _gate.WaitAsync();
        try
        {
            if (_validator is null)
            {
                var options = new FhirEngineOptions { PackageManifest = Path.Combine(AppContext.BaseDirectory, "packages.json") };
                options.PackageFolders.Add(Path.GetFullPath(folder));
                var packages = await LoadedPackages.LoadAsync(options, CancellationToken.None);
                if (packages.Resolution.Missing.Count > 0)
                {
                    throw new TestNotRunException(TestStatus.Error, $"The packages folder {folder} lacks {string.Join(", ", packages.Resolution.Missing)}.");
                }

                var changes = new ConformanceChanges();
                var stored = new StoredConformanceResolver(new NothingStored(), changes) { Enabled = false };
                _resolver = new ConformanceResolver(new PackageResourceResolver(packages), stored);
                _validator = new ResourceValidator(_resolver, new LocalTerminology(_resolver), changes);
            }

            return _validator;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _resolver?.Dispose();
        _gate.Dispose();
    }

    private sealed class NothingStored : IStoredConformanceFinder
    {
        public Task<Resource?> FindNewestAsync(string url, string? version, CancellationToken cancellationToken) => Task.FromResult<Resource?>(null);
    }
}
