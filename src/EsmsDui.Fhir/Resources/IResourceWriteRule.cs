using EsmsDui.Fhir.Storage;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Resources;

/// <summary>
/// A domain rule checked on every write of the types it applies to (single interactions and Bundle entries alike),
/// after validation and before anything is stored: an error issue refuses the write with 422.
/// </summary>
public interface IResourceWriteRule
{
    /// <summary>True when the rule checks writes of <paramref name="resourceType"/>.</summary>
    bool AppliesTo(string resourceType);

    /// <summary>The issues of writing <paramref name="resource"/> over <paramref name="current"/> (null on create).</summary>
    Task<IReadOnlyList<OperationOutcome.IssueComponent>> CheckAsync(Resource resource, StoredResource? current, CancellationToken cancellationToken);
}
