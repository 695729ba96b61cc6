namespace EsmsDui.Fhir.Validation;

/// <summary>Validation on write (configuration section <c>Fhir:Validation</c>).</summary>
public sealed class ValidationOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Fhir:Validation";

    /// <summary>The mode for types not listed in <see cref="Types"/>.</summary>
    public ValidationMode Mode { get; set; } = ValidationMode.Profiles;

    /// <summary>Per resource type, a mode other than <see cref="Mode"/> (<c>Fhir__Validation__Types__Patient=Core</c>).</summary>
    public Dictionary<string, ValidationMode> Types { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Per resource type, profiles every written resource must conform to, e.g.
    /// <c>Fhir__Validation__RequiredProfiles__Patient__0=https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient</c>.
    /// </summary>
    public Dictionary<string, List<string>> RequiredProfiles { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether the schemas of required profiles and of the loaded packages' profiles are compiled in the background at start-up.</summary>
    public bool WarmUp { get; set; } = true;

    /// <summary>The mode for one resource type.</summary>
    public ValidationMode ModeFor(string resourceType) => Types.TryGetValue(resourceType, out var mode) ? mode : Mode;
}
