using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Conformance;

/// <summary>
/// Finds a StructureDefinition, ValueSet or CodeSystem stored through the API by its canonical URL. The search
/// engine implements it: it sits above conformance (its parameters and <c>:in</c> need the resolver), so the
/// resolver asks through this port rather than knowing the search.
/// </summary>
public interface IStoredConformanceFinder
{
    /// <summary>The most recently written stored resource with this <c>url</c> (and <c>version</c>), or null.</summary>
    Task<Resource?> FindNewestAsync(string url, string? version, CancellationToken cancellationToken);
}
