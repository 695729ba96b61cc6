namespace EsmsDui.Fhir.Conformance;

/// <summary>
/// Counts commits that changed a stored StructureDefinition, ValueSet or CodeSystem, so that resolvers and
/// compiled validation schemas built from stored resources are rebuilt after such a change.
/// </summary>
public sealed class ConformanceChanges
{
    private long _generation;

    /// <summary>The resource types whose stored instances take part in validation and terminology.</summary>
    public static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.Ordinal) { "StructureDefinition", "ValueSet", "CodeSystem" };

    /// <summary>Bumped after every such commit.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>Records that stored conformance resources changed.</summary>
    public void Changed() => Interlocked.Increment(ref _generation);
}
