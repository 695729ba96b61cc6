using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Search;

/// <summary>A search parameter the server indexes and can query.</summary>
/// <param name="Name">The code used in URLs (e.g. <c>birthdate</c>).</param>
/// <param name="Type">The FHIR search type.</param>
/// <param name="Expression">The FHIRPath that selects the indexed values.</param>
/// <param name="Targets">For references: the resource types it may point to.</param>
public sealed record SearchParameterInfo(string Name, SearchParamType Type, string Expression, IReadOnlyList<string> Targets)
{
    /// <summary>The direct evaluator of <see cref="Expression"/>, when its shape allows one.</summary>
    internal PathSelector? FastPath { get; } = PathSelector.TryCreate(Expression);
}
