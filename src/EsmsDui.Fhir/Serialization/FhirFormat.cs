namespace EsmsDui.Fhir.Serialization;

/// <summary>The two wire formats of FHIR resources.</summary>
public enum FhirFormat
{
    /// <summary>application/fhir+json</summary>
    Json,
    /// <summary>application/fhir+xml</summary>
    Xml,
}
