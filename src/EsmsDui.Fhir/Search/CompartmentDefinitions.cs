using System.Collections.Frozen;
using System.Text.Json;

namespace EsmsDui.Fhir.Search;

/// <summary>
/// The compartments of FHIR R4 (Patient, Encounter, RelatedPerson, Practitioner, Device): for each, the resource
/// types that may belong to one and the reference parameters that put them there.
/// </summary>
public static class CompartmentDefinitions
{
    /// <summary>The parameter code meaning "the compartment's own resource" (<c>{def}</c>).</summary>
    public const string Self = "{def}";

    private static readonly FrozenDictionary<string, FrozenDictionary<string, string[]>> ByCompartment = Load();

    /// <summary>The compartment types.</summary>
    public static IEnumerable<string> Types => ByCompartment.Keys;

    /// <summary>The member types of a compartment and the parameters linking each; null for an unknown compartment.</summary>
    public static IReadOnlyDictionary<string, string[]>? Members(string compartmentType) =>
        ByCompartment.TryGetValue(compartmentType, out var members) ? members : null;

    private static FrozenDictionary<string, FrozenDictionary<string, string[]>> Load()
    {
        using var stream = typeof(CompartmentDefinitions).Assembly.GetManifestResourceStream("compartments-r4.json")
            ?? throw new InvalidOperationException("The compartment definitions are missing from the assembly.");
        var definitions = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string[]>>>(stream)!;
        return definitions.ToFrozenDictionary(d => d.Key, d => d.Value.ToFrozenDictionary(StringComparer.Ordinal), StringComparer.Ordinal);
    }
}
