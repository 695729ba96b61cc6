using EsmsDui.Dossier.Identity;
using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Serialization;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace EsmsDui.Connectors.MsSante.Outbox;

/// <summary>
/// The MSSanté addresses of recipients: the MSSanté e-mail telecoms of a Practitioner, PractitionerRole, Organization
/// or Patient, and for a usager with a qualified identity and no such telecom, his Mon espace santé address
/// (<c>[INS]@patient.mssante.fr</c>). A recipient without one is refused, naming it.
/// </summary>
public sealed class MsSanteRecipients(IFhirEngine engine, FhirSerializer serializer, IOptions<MsSanteOptions> options)
{
    private static readonly string[] Types = ["Practitioner", "PractitionerRole", "Organization", "Patient"];

    /// <summary>The addresses of <paramref name="recipient"/>.</summary>
    public async Task<IReadOnlyList<string>> AddressesAsync(ResourceReference recipient, WriteSession? session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        var parts = recipient.Reference?.Split('/') ?? [];
        if (parts.Length != 2 || !Types.Contains(parts[0]))
        {
            throw new FhirException(FhirErrorKind.Invalid,
                $"A recipient is a reference to a {string.Join(", ", Types)} ([type]/[id]), not '{recipient.Reference}'.", OperationOutcome.IssueType.Value, "recipient");
        }

        var resource = serializer.ParseJson((await engine.ReadAsync(parts[0], parts[1], session, cancellationToken)).Json.Span);
        var settings = options.Value;
        var telecoms = resource switch
        {
            Practitioner p => p.Telecom,
            PractitionerRole r => r.Telecom,
            Organization o => o.Telecom,
            Patient u => u.Telecom,
            _ => [],
        };
        var addresses = telecoms
            .Where(t => t.System == ContactPoint.ContactPointSystem.Email && t.Period?.End is null && t.Value is not null && settings.IsMsSanteAddress(t.Value))
            .Select(t => t.Value!.Trim())
            .ToList();
        if (addresses.Count == 0 && resource is Patient usager && UsagerIdentity.MayDiscloseIns(usager)
            && UsagerIdentity.InsIdentifiers(usager).FirstOrDefault(i => i.System is InsSystems.Nir) is { } ins)
        {
            addresses.Add($"{ins.Value}@{settings.PatientDomain}");
        }

        return addresses.Count > 0
            ? addresses
            : throw new FhirException(FhirErrorKind.Unprocessable,
                $"{recipient.Reference} has no MSSanté address (a telecom of system email on an MSSanté domain{(resource is Patient ? ", or a qualified identity with an INS for Mon espace santé" : string.Empty)}).",
                OperationOutcome.IssueType.BusinessRule, "recipient");
    }
}
