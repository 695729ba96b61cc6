// Assertion types are marked experimental in Firely 3.6, yet they are what its validator uses.
#pragma warning disable ExperimentalApi
using EsmsDui.Fhir.Conformance;
using EsmsDui.Fhir.Terminology;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Canonical = Firely.Fhir.Validation.Canonical;

namespace EsmsDui.Fhir.Validation;

/// <summary>
/// Validates resources with Firely's validator against FHIR core and profiles. Compiled schemas are kept
/// across requests and threads, and rebuilt only after a stored StructureDefinition, ValueSet or CodeSystem
/// changed. A profile that cannot be resolved, a value set this server does not have and an extension it does
/// not know are reported as warnings.
/// </summary>
public sealed class ResourceValidator(ConformanceResolver resolver, LocalTerminology terminology, ConformanceChanges changes)
{
    private readonly Lock _gate = new();
    private (long Generation, IElementSchemaResolver Schemas)? _schemas;

    /// <summary>
    /// Validates <paramref name="resource"/> against its base definition, the given <paramref name="profiles"/>
    /// and, when <paramref name="declaredProfiles"/>, the profiles it declares in <c>meta.profile</c>.
    /// </summary>
    public OperationOutcome Validate(Resource resource, IReadOnlyCollection<string> profiles, bool declaredProfiles)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(profiles);
        var outcome = new OperationOutcome();
        var schemas = Schemas();
        var settings = new ValidationSettings(schemas, terminology.CodeValidation)
        {
            ConformanceResourceResolver = resolver,
            FhirPathCompiler = Primitives.FhirPathEngine.RawCompiler,
            SelectValidationProfiles = (_, declared, _, _) => declaredProfiles ? [.. declared.Where(IsKnown)] : [],
        };

        // bdl-15 is an R5 Bundle rule that Firely applies to R4 Bundles too; R4 has no such constraint.
        settings.ExcludeFilters.Add(assertion => assertion is InvariantValidator { Key: "bdl-15" });
        var validator = new Validator(resolver, terminology.CodeValidation, null, settings, schemas);
        if (declaredProfiles)
        {
            foreach (var unknown in (resource.Meta?.Profile ?? []).OfType<string>().Where(p => !IsKnown(new Canonical(p))))
            {
                outcome.Issue.Add(Warning($"The profile {unknown} declared in meta.profile is not known to this server: the resource was not checked against it.", $"{resource.TypeName}.meta.profile"));
            }
        }

        var targets = new List<string> { ModelInfoUrl(resource.TypeName) };
        targets.AddRange(profiles.Where(p => p != targets[0]));
        foreach (var profile in targets)
        {
            if (!IsKnown(new Canonical(profile)))
            {
                outcome.Issue.Add(new OperationOutcome.IssueComponent
                {
                    Severity = OperationOutcome.IssueSeverity.Error,
                    Code = OperationOutcome.IssueType.NotFound,
                    Diagnostics = $"The profile {profile} is not known to this server.",
                });
                continue;
            }

            var report = validator.Validate(resource, profile);
            foreach (var issue in report.Issue)
            {
                // Firely puts its message in details.text and a trace of the profiles walked in diagnostics.
                issue.Diagnostics = issue.Details?.Text ?? issue.Diagnostics;
                if (!outcome.Issue.Exists(o => Same(o, issue)))
                {
                    outcome.Issue.Add(issue);
                }
            }
        }

        return outcome;
    }

    /// <summary>Compiles the schemas of <paramref name="profiles"/> ahead of the first request that needs them.</summary>
    public void WarmUp(IEnumerable<string> profiles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        var schemas = Schemas();
        foreach (var profile in profiles)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                schemas.GetSchema(new Canonical(profile));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A profile that does not compile is reported when a resource claims it; warming up goes on.
                _ = ex;
            }
        }
    }

    private static string ModelInfoUrl(string type) => "http://hl7.org/fhir/StructureDefinition/" + type;

    private bool IsKnown(Canonical profile) => resolver.ResolveByCanonicalUri(profile.Original) is StructureDefinition;

    private IElementSchemaResolver Schemas()
    {
        var generation = changes.Generation;
        lock (_gate)
        {
            if (_schemas is not { } current || current.Generation != generation)
            {
                _schemas = (generation, new CompiledSchemas(resolver));
            }

            return _schemas.Value.Schemas;
        }
    }

    private static bool Same(OperationOutcome.IssueComponent a, OperationOutcome.IssueComponent b) =>
        a.Severity == b.Severity && a.Diagnostics == b.Diagnostics && a.Expression.SequenceEqual(b.Expression);

    private static OperationOutcome.IssueComponent Warning(string diagnostics, string expression) => new()
    {
        Severity = OperationOutcome.IssueSeverity.Warning,
        Code = OperationOutcome.IssueType.NotFound,
        Diagnostics = diagnostics,
        Expression = [expression],
    };
}
