using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Serialization;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace EsmsDui.Security;

/// <summary>
/// The <c>staff</c> verbs: a professional is a Practitioner with their national identifier (idNatPs) and an active
/// PractitionerRole per ESMS they work in — the same resources any FHIR client may manage.
/// </summary>
public sealed class StaffRegistry(IFhirEngine engine, FhirSerializer serializer, IOptions<ProSanteConnectOptions> psc)
{
    /// <summary>Records the professional (created or updated) with exactly the roles at <paramref name="establishments"/>.</summary>
    public async Task<string> RegisterAsync(string identifier, string family, string given, IReadOnlyList<string> establishments, CancellationToken cancellationToken)
    {
        var system = psc.Value.PractitionerIdentifierSystem;
        var session = new WriteSession(isTransaction: true);
        var found = await engine.FindAsync("Practitioner", $"identifier={Uri.EscapeDataString(system)}|{Uri.EscapeDataString(identifier)}", 1, cancellationToken);
        var practitioner = found.Count == 0 ? new Practitioner { Identifier = [new Identifier(system, identifier)] } : (Practitioner)serializer.ParseJson(found[0].Json.Span);
        practitioner.Active = true;
        practitioner.Name = [new HumanName { Family = family, Given = [given] }];
        var id = found.Count == 0
            ? (await engine.CreateAsync(practitioner, session, cancellationToken)).Stored.Id
            : (await engine.UpdateAsync("Practitioner", practitioner.Id!, practitioner, null, session, cancellationToken)).Stored.Id;
        var wanted = establishments.Select(e => e.StartsWith("Organization/", StringComparison.Ordinal) ? e[13..] : e).ToHashSet(StringComparer.Ordinal);
        foreach (var stored in await engine.FindAsync("PractitionerRole", $"practitioner=Practitioner/{id}", 1000, cancellationToken))
        {
            var role = (PractitionerRole)serializer.ParseJson(stored.Json.Span);
            var organization = role.Organization?.Reference?.Split('/')[^1];
            var keep = organization is not null && wanted.Remove(organization);
            if (role.Active != keep)
            {
                role.Active = keep;
                await engine.UpdateAsync("PractitionerRole", role.Id!, role, null, session, cancellationToken);
            }
        }

        foreach (var organization in wanted)
        {
            await engine.CreateAsync(new PractitionerRole
            {
                Active = true,
                Practitioner = new ResourceReference($"Practitioner/{id}"),
                Organization = new ResourceReference($"Organization/{organization}"),
            }, session, cancellationToken);
        }

        await engine.CommitAsync(session, underIfMatch: false, cancellationToken);
        return id;
    }

    /// <summary>Makes the professional inactive (and their roles): they can no longer sign in; false when unknown.</summary>
    public async Task<bool> DeactivateAsync(string identifier, CancellationToken cancellationToken)
    {
        var found = await engine.FindAsync("Practitioner", $"identifier={Uri.EscapeDataString(psc.Value.PractitionerIdentifierSystem)}|{Uri.EscapeDataString(identifier)}", 1, cancellationToken);
        if (found.Count == 0)
        {
            return false;
        }

        var practitioner = (Practitioner)serializer.ParseJson(found[0].Json.Span);
        practitioner.Active = false;
        var session = new WriteSession(isTransaction: true);
        await engine.UpdateAsync("Practitioner", practitioner.Id!, practitioner, null, session, cancellationToken);
        await engine.CommitAsync(session, underIfMatch: false, cancellationToken);
        return true;
    }
}
