using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Search;

/// <summary>A search parameter the server indexes and can query.</summary>
/// <param name="Name">The code used in URLs (e.g. <c>birthdate</c>).</param>
/// <param name="Type">The FHIR search type.</param>
/// <param name="Expression">The FHIRPath that selects the indexed values.</param>
/// <param name="Targets">For references: the resource types it may point to.</param>
public sealed record SearchParameterInfo(string Name, SearchParamType Type, string Expression, IReadOnlyList<string> Targets)
{
    /// <summary>
    /// The name its values are indexed under: its own, or that of another parameter of the type with the same
    /// expression and type (Patient <c>phonetic</c> and <c>name</c> are both <c>Patient.name</c>), whose rows serve both.
    /// </summary>
    public string IndexName { get; init; } = Name;

    /// <summary>True when this parameter's values are indexed under its own name.</summary>
    public bool IsIndexed => IndexName == Name;

    /// <summary>
    /// For a composite: its components, each evaluated on the elements <see cref="Expression"/> selects and indexed
    /// under <c>name$index</c> with a group number shared by the values of one element.
    /// </summary>
    public IReadOnlyList<SearchParameterInfo> Components { get; init; } = [];

    /// <summary>True for a composite whose element and component expressions all have a direct evaluator.</summary>
    internal bool HasFastPaths => _hasFastPaths ??= FastPath is not null && Components.All(c => c.FastPath is not null);

    private bool? _hasFastPaths;

    /// <summary>The index name of a composite's component.</summary>
    public static string ComponentName(string composite, int index) => $"{composite}${index}";

    /// <summary>True when a resource has at most one value for it (see <see cref="PathSelector.IsSingleValued"/>).</summary>
    public bool IsSingleValued { get; init; }

    /// <summary>The direct evaluator of <see cref="Expression"/>, when its shape allows one.</summary>
    internal PathSelector? FastPath { get; init; } = PathSelector.TryCreate(Expression);
}
