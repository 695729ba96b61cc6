using EsmsDui.Fhir.Access;
using EsmsDui.Fhir.Requests;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Security.Disclosure;

/// <summary>
/// The records the property test's callers are let loose on, in each tenant: two ESMS, usagers in each, one in
/// neither and one linking to a usager of the other ESMS, and around them resources of many types that reference
/// across the two ESMS (hasMember, derivedFrom, evidence, Group members, Provenance targets…).
/// </summary>
internal static class DisclosureWorld
{
    public const string EsmsA = "pp-esms-a";
    public const string EsmsB = "pp-esms-b";
    public static readonly string[] Tenants = [string.Empty, Secured.OtherTenant];

    /// <summary>The seeded ids, by type (the generator also invents ids and uses those its callers create).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Ids = new Dictionary<string, string[]>
    {
        ["Organization"] = [EsmsA, EsmsB],
        ["Patient"] = ["pp-a1", "pp-a2", "pp-b1", "pp-b2", "pp-n"],
        ["Practitioner"] = ["pp-pr"],
        ["PractitionerRole"] = ["pp-role"],
        ["Encounter"] = ["pp-enc-a1", "pp-enc-b1"],
        ["Observation"] = ["pp-obs-a1", "pp-obs-b1", "pp-obs-n"],
        ["Condition"] = ["pp-cond-a1", "pp-cond-b1"],
        ["Goal"] = ["pp-goal-b1"],
        ["CarePlan"] = ["pp-cp-a1"],
        ["Consent"] = ["pp-consent-b1"],
        ["DocumentReference"] = ["pp-doc-a1"],
        ["Group"] = ["pp-group"],
        ["Provenance"] = ["pp-prov"],
        ["List"] = ["pp-list"],
        ["MedicationRequest"] = ["pp-mr-b1"],
        ["QuestionnaireResponse"] = ["pp-qr-a1"],
        ["EpisodeOfCare"] = ["pp-eoc-b1"],
    };

    private static ResourceReference R(string reference) => new(reference);

    private static IEnumerable<Resource> Resources()
    {
        yield return new Organization { Id = EsmsA, Name = "ESMS A" };
        yield return new Organization { Id = EsmsB, Name = "ESMS B" };
        yield return new Patient { Id = "pp-a1", Gender = AdministrativeGender.Female, Name = [new HumanName { Family = "Martin", Given = ["Alice"] }], BirthDate = "1940-01-01", ManagingOrganization = R($"Organization/{EsmsA}") };
        yield return new Patient { Id = "pp-a2", Gender = AdministrativeGender.Male, Name = [new HumanName { Family = "Martin", Given = ["Bob"] }], ManagingOrganization = R($"Organization/{EsmsA}") };
        yield return new Patient { Id = "pp-b1", Gender = AdministrativeGender.Female, Name = [new HumanName { Family = "Martin", Given = ["Alice"] }], BirthDate = "1940-01-01", ManagingOrganization = R($"Organization/{EsmsB}"), Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, "0600000000")] };
        yield return new Patient
        {
            Id = "pp-b2",
            ManagingOrganization = R($"Organization/{EsmsB}"),
            Link = [new Patient.LinkComponent { Other = R("Patient/pp-a1"), Type = Patient.LinkType.Seealso }],
            Extension = [new Extension("https://esmsdui.example/proche", R("Observation/pp-obs-a1"))],
        };
        yield return new Patient { Id = "pp-n", Name = [new HumanName { Family = "Sans-Esms" }], GeneralPractitioner = [R("Practitioner/pp-pr")] };
        yield return new Practitioner { Id = "pp-pr", Name = [new HumanName { Family = "Soignant" }] };
        yield return new PractitionerRole { Id = "pp-role", Practitioner = R("Practitioner/pp-pr"), Organization = R($"Organization/{EsmsA}") };
        yield return new Encounter { Id = "pp-enc-a1", Status = Encounter.EncounterStatus.InProgress, Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "HH"), Subject = R("Patient/pp-a1"), ServiceProvider = R($"Organization/{EsmsA}") };
        yield return new Encounter { Id = "pp-enc-b1", Status = Encounter.EncounterStatus.InProgress, Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "HH"), Subject = R("Patient/pp-b1"), ServiceProvider = R($"Organization/{EsmsB}"), PartOf = R("Encounter/pp-enc-a1") };
        yield return Observation("pp-obs-a1", "Patient/pp-a1", o => o.HasMember = [R("Observation/pp-obs-b1")]);
        yield return Observation("pp-obs-b1", "Patient/pp-b1", o => o.DerivedFrom = [R("Observation/pp-obs-a1"), R("Condition/pp-cond-a1")]);
        yield return Observation("pp-obs-n", null, o => o.Performer = [R("Practitioner/pp-pr"), R("Patient/pp-b1")]);
        yield return new Condition { Id = "pp-cond-a1", Subject = R("Patient/pp-a1"), Code = new CodeableConcept { Text = "VIH" }, Evidence = [new Condition.EvidenceComponent { Detail = [R("Observation/pp-obs-b1")] }] };
        yield return new Condition { Id = "pp-cond-b1", Subject = R("Patient/pp-b1"), Code = new CodeableConcept { Text = "diabète" }, Encounter = R("Encounter/pp-enc-a1") };
        yield return new Goal { Id = "pp-goal-b1", LifecycleStatus = Goal.GoalLifecycleStatus.Active, Description = new CodeableConcept { Text = "marcher" }, Subject = R("Patient/pp-b1") };
        yield return new CarePlan { Id = "pp-cp-a1", Status = RequestStatus.Active, Intent = CarePlan.CarePlanIntent.Plan, Subject = R("Patient/pp-a1"), Goal = [R("Goal/pp-goal-b1")], Addresses = [R("Condition/pp-cond-b1")] };
        yield return new Consent
        {
            Id = "pp-consent-b1",
            Status = Consent.ConsentState.Active,
            Patient = R("Patient/pp-b1"),
            Scope = new CodeableConcept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy"),
            Category = [new CodeableConcept("http://loinc.org", "59284-0")],
            Provision = new Consent.provisionComponent { Data = [new Consent.provisionDataComponent { Meaning = Consent.ConsentDataMeaning.Instance, Reference = R("Observation/pp-obs-a1") }] },
        };
        yield return new DocumentReference
        {
            Id = "pp-doc-a1",
            Status = DocumentReferenceStatus.Current,
            Subject = R("Patient/pp-a1"),
            Content = [new DocumentReference.ContentComponent { Attachment = new Attachment { ContentType = "text/plain", Data = "dGVzdA"u8.ToArray() } }],
            Context = new DocumentReference.ContextComponent { Related = [R("Observation/pp-obs-b1")] },
        };
        yield return new Group { Id = "pp-group", Type = Group.GroupType.Person, Actual = true, Member = [new Group.MemberComponent { Entity = R("Patient/pp-a1") }, new Group.MemberComponent { Entity = R("Patient/pp-b1") }] };
        yield return new Provenance { Id = "pp-prov", Target = [R("Observation/pp-obs-a1"), R("Observation/pp-obs-b1")], Recorded = DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), Agent = [new Provenance.AgentComponent { Who = R("Practitioner/pp-pr") }] };
        yield return new List { Id = "pp-list", Status = List.ListStatus.Current, Mode = ListMode.Working, Subject = R("Patient/pp-a1"), Entry = [new List.EntryComponent { Item = R("Observation/pp-obs-b1") }, new List.EntryComponent { Item = R("Patient/pp-b1") }] };
        yield return new MedicationRequest { Id = "pp-mr-b1", Status = MedicationRequest.MedicationrequestStatus.Active, Intent = MedicationRequest.MedicationRequestIntent.Order, Medication = new CodeableConcept { Text = "paracétamol" }, Subject = R("Patient/pp-b1"), Requester = R("PractitionerRole/pp-role"), ReasonReference = [R("Condition/pp-cond-a1")] };
        yield return new QuestionnaireResponse { Id = "pp-qr-a1", Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed, Subject = R("Patient/pp-a1"), Author = R("Patient/pp-b1") };
        yield return new EpisodeOfCare { Id = "pp-eoc-b1", Status = EpisodeOfCare.EpisodeOfCareStatus.Active, Patient = R("Patient/pp-b1"), ManagingOrganization = R($"Organization/{EsmsB}") };
    }

    private static Observation Observation(string id, string? subject, Action<Observation> more)
    {
        var observation = new Observation { Id = id, Status = ObservationStatus.Final, Code = new CodeableConcept("http://loinc.org", "8867-4", "Fréquence cardiaque"), Value = new Quantity(72, "/min") };
        observation.Subject = subject is null ? null : R(subject);
        more(observation);
        return observation;
    }

    /// <summary>Writes the world (again: the ids are fixed) in every tenant.</summary>
    public static async System.Threading.Tasks.Task SeedAsync(EnginePort engine)
    {
        foreach (var tenant in Tenants)
        {
            foreach (var resource in Resources())
            {
                var (response, error) = await engine.SendAsync(AccessContext.Unrestricted, tenant, new FhirRequest
                {
                    Method = "PUT",
                    Path = $"{resource.TypeName}/{resource.Id}",
                    BaseUrl = EnginePort.BaseUrl,
                    Resource = resource,
                });
                if (error is not null || response is null || response.Status >= 300)
                {
                    throw new InvalidOperationException($"Seeding {resource.TypeName}/{resource.Id} in tenant '{tenant}' failed: {error?.Message ?? response?.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
                }
            }
        }
    }
}
