using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Capabilities;

/// <summary>
/// Adds to the CapabilityStatement what a part of the server outside the engine provides (the security layer
/// declares how to get tokens); applied to each copy handed out.
/// </summary>
public interface ICapabilityContributor
{
    /// <summary>Adds its part to <paramref name="statement"/>, served at the FHIR base <paramref name="baseUrl"/>.</summary>
    void Contribute(CapabilityStatement statement, string baseUrl);
}
