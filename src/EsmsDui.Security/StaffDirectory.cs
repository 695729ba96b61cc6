using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Serialization;
using Hl7.Fhir.Model;

namespace EsmsDui.Security;

/// <summary>
/// Staff are Practitioner resources of the tenant, found by their national identifier; their active
/// PractitionerRoles name the ESMS they work in. A role at an organisme gestionnaire reaches every ESMS that is
/// part of it.
/// </summary>
public sealed class StaffDirectory(IFhirSearch search, FhirSerializer serializer)
{
    /// <summary>A staff member: the Practitioner and the ESMS (Organization ids) whose usagers they reach.</summary>
    public sealed record Staff(string PractitionerId, string Name, IReadOnlyList<string> Establishments);

    /// <summary>The staff member with identifier <paramref name="system"/>|<paramref name="value"/>, or null.</summary>
    public async Task<Staff?> FindAsync(string system, string value, CancellationToken cancellationToken)
    {
        var practitioner = (await search.FindAsync("Practitioner", $"identifier={Uri.EscapeDataString(system)}|{Uri.EscapeDataString(value)}&active:not=false", 2, cancellationToken)).ToList();
        if (practitioner.Count != 1)
        {
            return null;
        }

        var id = practitioner[0].Id;
        var roles = await search.FindAsync("PractitionerRole", $"practitioner=Practitioner/{id}&active:not=false", 100, cancellationToken);
        var organizations = roles.Select(r => (PractitionerRole)serializer.ParseJson(r.Json.Span))
            .Select(r => r.Organization?.Reference)
            .OfType<string>()
            .Where(r => r.StartsWith("Organization/", StringComparison.Ordinal))
            .Select(r => r["Organization/".Length..])
            .Distinct()
            .ToList();
        var establishments = new List<string>(organizations);
        foreach (var organization in organizations)
        {
            var parts = await search.FindAsync("Organization", $"partof=Organization/{Uri.EscapeDataString(organization)}", 1000, cancellationToken);
            establishments.AddRange(parts.Select(p => p.Id));
        }

        var name = ((Practitioner)serializer.ParseJson(practitioner[0].Json.Span)).Name.FirstOrDefault()?.ToString() ?? id;
        return new Staff(id, name, [.. establishments.Distinct()]);
    }
}
