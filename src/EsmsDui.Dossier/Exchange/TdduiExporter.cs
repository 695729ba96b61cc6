using EsmsDui.Dossier.Identity;
using EsmsDui.Fhir.Access;
using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Primitives;
using EsmsDui.Fhir.Serialization;
using EsmsDui.Fhir.Storage;
using EsmsDui.Fhir.Validation;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace EsmsDui.Dossier.Exchange;

/// <summary>
/// Builds the TDDUI flux 1.1 export of one or more usagers: a <c>tddui-bundle</c> transaction of POST entries holding
/// the resources of each usager's compartment that declare a TDDUI profile and, transitively, the TDDUI resources
/// they reference (organisation, professionals, séjours). References between entries become their <c>urn:uuid</c>
/// full URLs, so that the receiver creates the whole record at once; an identity that is not qualified leaves
/// without its INS.
/// </summary>
public sealed class TdduiExporter(IFhirEngine engine, FhirSerializer serializer, ResourceValidator validator, AccessContext access)
{
    /// <summary>The canonical base of the TDDUI profiles.</summary>
    public const string ProfileBase = "https://interop.esante.gouv.fr/ig/fhir/tddui/StructureDefinition/";

    /// <summary>The profile of the exported Bundle.</summary>
    public const string BundleProfile = ProfileBase + "tddui-bundle";

    private const string PatientIns = ProfileBase + "tddui-patient-ins";
    private const string PatientWithoutIns = ProfileBase + "tddui-patient";

    /// <summary>The most resources one usager's compartment may hold for an export.</summary>
    public const int MaxResources = 5000;

    // The types the tddui-bundle slices admit, in the order the entries are written.
    private static readonly string[] TypeOrder =
        ["Patient", "Organization", "Practitioner", "PractitionerRole", "RelatedPerson", "Encounter", "Consent", "CarePlan", "Goal", "ServiceRequest", "Task", "QuestionnaireResponse", "DocumentReference"];

    /// <summary>The export of the usagers <paramref name="patientIds"/>.</summary>
    public async Task<Bundle> ExportAsync(IReadOnlyList<string> patientIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patientIds);
        var exported = new Dictionary<(string Type, string Id), Resource>();
        var usagers = new List<Patient>();
        foreach (var id in patientIds.Distinct())
        {
            await engine.EnsureVisibleAsync("Patient", id, cancellationToken);
            var usager = (Patient)Parse(await engine.ReadAsync("Patient", id, null, cancellationToken));
            if (!IsTddui(usager))
            {
                throw new FhirException(FhirErrorKind.Unprocessable,
                    $"Patient/{id} declares no TDDUI profile (tddui-patient or tddui-patient-ins): it cannot be exported as a TDDUI bundle.", OperationOutcome.IssueType.BusinessRule);
            }

            usagers.Add(usager);
            foreach (var stored in await engine.CompartmentAsync("Patient", id, MaxResources, cancellationToken))
            {
                var resource = Parse(stored);
                if (IsTddui(resource))
                {
                    exported.TryAdd((stored.ResourceType, stored.Id), resource);
                }
            }
        }

        await AddReferencedAsync(exported, exported.Values.ToList(), cancellationToken);
        await AddActionsAsync(exported, cancellationToken);

        // A record is exported whole or not at all: the caller must be allowed to read every type it holds.
        foreach (var type in exported.Keys.Select(k => k.Type).Distinct().Order(StringComparer.Ordinal))
        {
            access.Demand(type, SmartPermissions.Read);
        }

        var bundle = Build(exported);
        foreach (var usager in usagers)
        {
            InsDisclosure.Apply(bundle, usager);
        }

        foreach (var patient in bundle.Entry.Select(e => e.Resource).OfType<Patient>().Where(p => !p.Identifier.Exists(UsagerIdentity.IsIns)))
        {
            // Without its INS, the usager conforms to the TDDUI patient profile, not to the INS one.
            patient.Meta!.Profile = [.. patient.Meta.Profile.Select(p => p == PatientIns ? PatientWithoutIns : p).Distinct()];
        }

        EnsureConforms(bundle, patientIds);
        return bundle;
    }

    // The actions and prestations (Task) based on the exported plans and goals: Task is outside the R4 Patient
    // compartment, and TDDUI's actions point to their plan, not to the usager. Then what they reference.
    private async Task AddActionsAsync(Dictionary<(string Type, string Id), Resource> exported, CancellationToken cancellationToken)
    {
        var found = new List<Resource>();
        foreach (var (type, id) in exported.Keys.Where(k => k.Type is "CarePlan").ToList())
        {
            foreach (var stored in await engine.FindAsync("Task", $"based-on={type}/{Uri.EscapeDataString(id)}", MaxResources, cancellationToken))
            {
                var task = Parse(stored);
                if (IsTddui(task) && exported.TryAdd((stored.ResourceType, stored.Id), task))
                {
                    found.Add(task);
                }
            }
        }

        await AddReferencedAsync(exported, found, cancellationToken);
    }

    // The TDDUI resources the record references, until none is new.
    private async Task AddReferencedAsync(Dictionary<(string Type, string Id), Resource> exported, List<Resource> frontier, CancellationToken cancellationToken)
    {
        while (frontier.Count > 0)
        {
            var found = new List<Resource>();
            var targets = frontier.SelectMany(r => ResourceReferences.Of(r)).Select(r => ResourceReferences.Target(r.Reference)).OfType<(string Type, string Id)>().Distinct().ToList();
            foreach (var target in targets)
            {
                if (exported.ContainsKey(target) || !TypeOrder.Contains(target.Type)
                    || await engine.CurrentAsync(target.Type, target.Id, null, cancellationToken) is not { IsDeleted: false } stored)
                {
                    continue;
                }

                var resource = Parse(stored);
                if (IsTddui(resource) && exported.TryAdd(target, resource))
                {
                    found.Add(resource);
                }
            }

            frontier = found;
        }
    }

    private static Bundle Build(Dictionary<(string Type, string Id), Resource> exported)
    {
        var fullUrls = exported.Keys.ToDictionary(k => k, _ => $"urn:uuid:{Guid.NewGuid()}");
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction, Meta = new Meta { Profile = [BundleProfile] } };
        foreach (var (key, resource) in exported.OrderBy(e => Array.IndexOf(TypeOrder, e.Key.Type)))
        {
            var copy = (Resource)resource.DeepCopy();
            copy.Id = null;
            copy.Meta ??= new Meta();
            copy.Meta.VersionId = null;
            copy.Meta.LastUpdated = null;
            foreach (var reference in ResourceReferences.Of(copy))
            {
                if (ResourceReferences.Target(reference.Reference) is { } target && fullUrls.TryGetValue(target, out var fullUrl))
                {
                    reference.Reference = fullUrl;
                }
            }

            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = fullUrls[key],
                Resource = copy,
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = key.Type },
            });
        }

        return bundle;
    }

    // What leaves as a TDDUI bundle conforms to it: a record that would not (a usager exported without INS needs
    // the birth rank TDDUI asks for instead) is refused with the reasons, rather than sent broken.
    private void EnsureConforms(Bundle bundle, IReadOnlyList<string> patientIds)
    {
        // Against the profile the bundle declares: without the TDDUI package loaded, that is a warning, not a refusal.
        var errors = validator.Validate(bundle, [], declaredProfiles: true).Issue.Where(WriteValidation.IsError).ToList();
        if (errors.Count > 0)
        {
            throw new FhirException(FhirErrorKind.Unprocessable,
            [
                FhirException.Issue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.BusinessRule,
                    $"The record of {string.Join(", ", patientIds.Select(id => "Patient/" + id))} does not make a valid {BundleProfile}; nothing was exported. What is missing follows."),
                .. errors,
            ]);
        }
    }

    private static bool IsTddui(Resource resource) =>
        TypeOrder.Contains(resource.TypeName) && resource.Meta?.Profile.Any(p => p?.StartsWith(ProfileBase, StringComparison.Ordinal) == true) == true;

    private Resource Parse(StoredResource stored) => serializer.ParseJson(stored.Json.Span);
}
