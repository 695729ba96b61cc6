using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Storage;
using Hl7.Fhir.Model;

namespace EsmsDui.Dossier.Oppositions;

/// <summary>An opposition (a Consent of the opposition categories) names the usager it is about, or connectors could not find it.</summary>
public sealed class OppositionConsentRule : IResourceWriteRule
{
    /// <inheritdoc />
    public bool AppliesTo(string resourceType) => resourceType == "Consent";

    /// <inheritdoc />
    public Task<IReadOnlyList<OperationOutcome.IssueComponent>> CheckAsync(Resource resource, StoredResource? current, CancellationToken cancellationToken)
    {
        var consent = (Consent)resource;
        var opposition = consent.Category.SelectMany(c => c.Coding).Any(c => c.System == UsagerOppositions.System);
        IReadOnlyList<OperationOutcome.IssueComponent> issues = opposition && consent.Patient?.Reference?.StartsWith("Patient/", StringComparison.Ordinal) != true
            ? [FhirException.Issue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Required, "An opposition names the usager it is about (Consent.patient, a Patient/[id] reference).", "Consent.patient")]
            : [];
        return System.Threading.Tasks.Task.FromResult(issues);
    }
}
