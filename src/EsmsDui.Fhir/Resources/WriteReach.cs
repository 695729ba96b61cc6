using EsmsDui.Fhir.Access;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Primitives;
using EsmsDui.Fhir.Search;
using EsmsDui.Fhir.Storage;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Resources;

/// <summary>
/// The write gate of a caller limited to some usagers (of some ESMS, or one in context), checked on every write
/// (single, Bundle entry, PATCH, operation) by the resource service: the record must be within its reach before the
/// change and the resulting state must be within it too.
/// </summary>
public sealed class WriteReach(AccessContext access, SearchService search)
{
    /// <summary>
    /// 403 unless the caller reaches the record before the change (<paramref name="current"/>) and after it
    /// (<paramref name="resource"/>): a usager it manages there (or already reaches), records whose usagers it reaches
    /// (or writes in the same transaction), never moved to an establishment it does not reach.
    /// </summary>
    public async Task EnsureAsync(Resource resource, StoredResource? current, WriteSession session, CancellationToken cancellationToken)
    {
        if (!access.IsLimitedToSomeUsagers || session.FromPackage)
        {
            return;
        }

        // An existing record it does not reach stays out of reach, whatever the new version says (no taking a usager over).
        var existing = current is { IsDeleted: false };
        if (existing)
        {
            await search.EnsureVisibleAsync(resource.TypeName, current!.Id, cancellationToken);
        }

        if (resource is Patient patient)
        {
            if (!existing && access.Patient is { } inContext)
            {
                throw new FhirException(FhirErrorKind.Forbidden,
                    $"This access token is for the record of Patient/{inContext}: it records no other usager.", OperationOutcome.IssueType.Forbidden);
            }

            if (!existing && access.Establishments is { } organizations && !(patient.ManagingOrganization?.Reference is { } managing && organizations.Any(o => managing == "Organization/" + o)))
            {
                throw new FhirException(FhirErrorKind.Forbidden,
                    $"This client reaches the usagers of {string.Join(", ", organizations.Select(o => "Organization/" + o))} only: a usager it records must have one of them as managingOrganization.",
                    OperationOutcome.IssueType.Forbidden, "Patient.managingOrganization");
            }

            EnsureStaysWithinEstablishments(existing ? current : null, "managingOrganization", patient.ManagingOrganization);
            return;
        }

        if (resource is Encounter sejour)
        {
            EnsureStaysWithinEstablishments(existing ? current : null, "serviceProvider", sejour.ServiceProvider);
        }

        var usagers = UsagerReferences(resource).Distinct().ToList();
        if (usagers.Count == 0 && CompartmentDefinitions.Members("Patient")!.ContainsKey(resource.TypeName))
        {
            // A usager's record that names no usager is beyond the reach of every limited client, its writer's included.
            throw new FhirException(FhirErrorKind.Forbidden,
                $"This client reaches some usagers only: the {resource.TypeName} it writes must name one of them (a record without its usager would leave its reach).",
                OperationOutcome.IssueType.Forbidden);
        }

        foreach (var usager in usagers)
        {
            if (session.FindPending("Patient", usager) is null && !await search.IsVisibleAsync("Patient", usager, cancellationToken))
            {
                throw new FhirException(FhirErrorKind.Forbidden, access.Patient is { } inContext
                    ? $"Patient/{usager} is not the usager this access token is for (Patient/{inContext})."
                    : $"Patient/{usager} is not a usager of the establishments this client reaches.", OperationOutcome.IssueType.Forbidden);
            }
        }
    }

    // What places a usager in an establishment (Patient.managingOrganization, Encounter.serviceProvider): a client
    // limited to some establishments may keep it or set one of its own, never move it to an establishment it does not
    // reach (the record would then leave its reach, or enter another establishment's).
    private void EnsureStaysWithinEstablishments(StoredResource? current, string element, ResourceReference? value)
    {
        if (access.Establishments is not { } organizations || Unchanged(current, element, value?.Reference))
        {
            return;
        }

        if (value?.Reference is not { } reference || !organizations.Any(o => reference == "Organization/" + o))
        {
            throw new FhirException(FhirErrorKind.Forbidden,
                $"This client reaches the establishments {string.Join(", ", organizations.Select(o => "Organization/" + o))} only: {element} may be changed to one of them, not to {(value?.Reference is null ? "nothing" : ResourceIds.Truncate(value.Reference))}.",
                OperationOutcome.IssueType.Forbidden, element);
        }

        static bool Unchanged(StoredResource? current, string element, string? reference) =>
            current is not null && StoredReference(current, element) == reference;
    }

    // The reference of a top-level element of a stored version, read from its JSON.
    private static string? StoredReference(StoredResource stored, string element)
    {
        using var document = System.Text.Json.JsonDocument.Parse(stored.Json);
        return document.RootElement.TryGetProperty(element, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.Object
            && value.TryGetProperty("reference", out var reference) ? reference.GetString() : null;
    }

    // The ids of the Patients a resource refers to, wherever the reference stands (not inside a resource it contains).
    private static IEnumerable<string> UsagerReferences(Base element) =>
        ResourceReferences.Of(element, intoContained: false)
            .Select(r => r.Reference)
            .OfType<string>()
            .Where(reference => reference.StartsWith("Patient/", StringComparison.Ordinal))
            .Select(reference => reference["Patient/".Length..].Split('/')[0]);
}
