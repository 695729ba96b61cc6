namespace EsmsDui.Fhir.Validation;

/// <summary>How much a resource is validated when written.</summary>
public enum ValidationMode
{
    /// <summary>Only what parsing checks (structure, primitive formats).</summary>
    Off,

    /// <summary>Against the FHIR R4 core definition of its type (cardinalities, invariants, required bindings).</summary>
    Core,

    /// <summary>
    /// Against the profiles it declares in <c>meta.profile</c> and those the configuration requires for its type
    /// (each with the core definition). A resource that declares none, of a type that requires none, is not
    /// validated beyond parsing.
    /// </summary>
    Profiles,
}
