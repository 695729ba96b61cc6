using EsmsDui.Fhir.Capabilities;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace EsmsDui.Security;

/// <summary>
/// Declares SMART on FHIR in the CapabilityStatement's <c>rest.security</c> when security is on (SMART App Launch
/// 2.x: the service coding, CORS, and where the SMART configuration is).
/// </summary>
internal sealed class SmartCapabilities(IOptions<SecurityOptions> options) : ICapabilityContributor
{
    public void Contribute(CapabilityStatement statement, string baseUrl)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        foreach (var rest in statement.Rest)
        {
            rest.Security = new CapabilityStatement.SecurityComponent
            {
                Cors = true,
                Service = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/restful-security-service", "SMART-on-FHIR", "SMART-on-FHIR")],
                Description = $"OAuth2 bearer tokens with SMART v2 scopes: see {baseUrl.TrimEnd('/')}{SmartConfiguration.Path}.",
            };
        }
    }
}
