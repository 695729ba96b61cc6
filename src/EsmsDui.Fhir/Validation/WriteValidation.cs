using EsmsDui.Fhir.Errors;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace EsmsDui.Fhir.Validation;

/// <summary>Validates resources before they are written, per <see cref="ValidationOptions"/>; an invalid one is refused with 422 and every issue.</summary>
public sealed class WriteValidation(ResourceValidator validator, IOptions<ValidationOptions> options)
{
    /// <summary>Throws <see cref="FhirException"/> (422) when <paramref name="resource"/> has errors for its configured mode.</summary>
    public void EnsureValid(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var settings = options.Value;
        var required = settings.RequiredProfiles.GetValueOrDefault(resource.TypeName) ?? [];
        var outcome = settings.ModeFor(resource.TypeName) switch
        {
            ValidationMode.Core => validator.Validate(resource, [], declaredProfiles: false),
            ValidationMode.Profiles when required.Count > 0 || resource.Meta?.Profile.Any() == true => validator.Validate(resource, required, declaredProfiles: true),
            _ => null,
        };
        if (outcome is not null && outcome.Issue.Exists(IsError))
        {
            throw new FhirException(FhirErrorKind.Unprocessable, [.. outcome.Issue]);
        }
    }

    /// <summary>Whether an issue is an error or worse.</summary>
    public static bool IsError(OperationOutcome.IssueComponent issue) =>
        issue.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal;
}
