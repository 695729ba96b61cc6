using EsmsDui.Conformance.Http;
using EsmsDui.Conformance.Model;
using Hl7.Fhir.Model;

namespace EsmsDui.Conformance.Groups.Common;

/// <summary>Creating what tests need, checked, and remembered for the clean-up.</summary>
public static class Writes
{
    /// <summary>Creates <paramref name="resource"/> with the preset's client and returns it as the server stored it.</summary>
    public static async Task<T> CreateAsync<T>(TestContext context, T resource)
        where T : Resource
    {
        var answer = await context.Client.PostAsync(resource.TypeName, resource, FhirActor.Header("Prefer", "return=representation"));
        var created = answer.Expect<T>(201);
        Check.That(!string.IsNullOrEmpty(created.Id), $"POST {resource.TypeName}: the created resource has no id.");
        context.State.Remember($"{resource.TypeName}/{created.Id}");
        return created;
    }

    /// <summary>
    /// <c>Type/id</c> of a Location (<c>[base]/Type/id/_history/vid</c>, absolute or relative), null when it is not one.
    /// </summary>
    public static string? ReferenceOf(string? location)
    {
        var parts = (location ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var history = Array.IndexOf(parts, "_history");
        var end = history >= 0 ? history : parts.Length;
        return end >= 2 ? parts[end - 2] + "/" + parts[end - 1] : null;
    }

    /// <summary>The usager the isolation, identity and audit tests share: qualified, managed by the preset's establishment, with one Observation.</summary>
    public static Task<Patient> SharedUsagerAsync(TestContext context) =>
        context.State.OnceAsync("usager", async () =>
        {
            var patient = await CreateAsync(context, Usagers.New(context.Preset, qualified: true));
            await CreateAsync(context, new Observation
            {
                Status = ObservationStatus.Final,
                Code = new CodeableConcept("http://loinc.org", "29463-7", "Body weight"),
                Subject = new ResourceReference("Patient/" + patient.Id),
                Value = new Quantity(61.5m, "kg", "http://unitsofmeasure.org"),
            });
            return patient;
        });
}
