using System.Collections.Concurrent;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Search;

/// <summary>
/// A small, known set of usagers and observations, written once per server and tagged with a run marker so
/// that searches (which always add <c>_tag</c>) see only them, whatever else the shared database holds.
/// </summary>
public sealed class SearchData
{
    public const string InsSystem = "urn:oid:1.2.250.1.213.1.4.8";
    public const string IdentifierTypeSystem = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203";
    public const string ConditionClinical = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    public const string FrCorePatient = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient";
    private static readonly ConcurrentDictionary<ServerFixture, Task<SearchData>> PerServer = new();

    private SearchData(string marker, IReadOnlyDictionary<string, string> ids)
    {
        Marker = marker;
        Ids = ids;
    }

    /// <summary>The tag code every seeded resource carries.</summary>
    public string Marker { get; }

    /// <summary>Symbolic name (p1, o1…) to server id.</summary>
    public IReadOnlyDictionary<string, string> Ids { get; }

    public static Task<SearchData> ForAsync(ServerFixture server) => PerServer.GetOrAdd(server, SeedAsync);

    /// <summary>Replaces {p1}-style names in a query by the ids, and adds the run marker.</summary>
    public string Query(string query) => Resolve(query) + (query.Length > 0 ? "&" : string.Empty) + "_tag=urn:esmsdui:test|" + Marker;

    /// <summary>Replaces {p1}-style names by the ids.</summary>
    public string Resolve(string text) => Ids.Aggregate(text, (q, pair) => q.Replace("{" + pair.Key + "}", pair.Value, StringComparison.Ordinal));

    private static Quantity MmHg(decimal value) => new() { Value = value, System = "http://unitsofmeasure.org", Code = "mm[Hg]", Unit = "mmHg" };

    private static async Task<SearchData> SeedAsync(ServerFixture server)
    {
        var marker = Guid.NewGuid().ToString("N");
        var ids = new Dictionary<string, string>();
        async Task<string> CreateAsync(string name, Resource resource)
        {
            resource.Meta ??= new Meta();
            resource.Meta.Tag = [new Coding("urn:esmsdui:test", marker)];
            using var response = await server.Client.PostAsync(resource.TypeName, FhirHttp.Json(resource));
            response.EnsureSuccessStatusCode();
            var id = (await FhirHttp.ReadAsync<Resource>(response)).Id!;
            ids[name] = id;
            return id;
        }

        var p1 = await CreateAsync("p1", new Patient
        {
            Name = [new HumanName { Family = "Dupont", Given = ["Hélène"] }],
            Gender = AdministrativeGender.Female,
            BirthDate = "1942-03-15",
            Active = true,
            Identifier = [new Identifier(InsSystem, "242039912345692") { Type = new CodeableConcept(IdentifierTypeSystem, "INS-NIR") }],
            Address = [new Address { City = "Saint-Étienne", PostalCode = "42000" }],
        });
        var p2 = await CreateAsync("p2", new Patient
        {
            Name = [new HumanName { Family = "Lefèvre", Given = ["Jean", "Marie"] }],
            Gender = AdministrativeGender.Male,
            BirthDate = "1950-07-01",
            Identifier = [new Identifier("urn:esmsdui:local", "2")],
            Meta = new Meta { Profile = [FrCorePatient] },
            Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Email, null, "jean@example.org")],
        });
        var p3 = await CreateAsync("p3", new Patient
        {
            Name = [new HumanName { Family = "Martin", Given = ["Zoé"] }],
            Gender = AdministrativeGender.Female,
            BirthDate = "2001-12-24",
        });
        var o1 = await CreateAsync("o1", new Observation
        {
            Status = ObservationStatus.Final,
            Code = new CodeableConcept("http://loinc.org", "29463-7", "Poids"),
            Subject = new ResourceReference($"Patient/{p1}"),
            Effective = new FhirDateTime("2024-01-10T09:30:00+01:00"),
            Value = new Quantity(72.5m, "kg"),
        });
        await CreateAsync("o2", new Observation
        {
            Status = ObservationStatus.Preliminary,
            Code = new CodeableConcept("http://loinc.org", "8302-2", "Taille"),
            Subject = new ResourceReference($"Patient/{p2}") { Identifier = new Identifier("urn:esmsdui:local", "2") },
            Effective = new Period { Start = "2024-02-01", End = "2024-02-03" },
            Value = new Quantity { Value = 175, Unit = "centimètres", System = "http://unitsofmeasure.org", Code = "cm" },
        });
        await CreateAsync("o3", new Observation
        {
            Status = ObservationStatus.Amended,
            Code = new CodeableConcept("http://loinc.org", "85354-9", "Pression artérielle"),
            Subject = new ResourceReference($"Patient/{p3}"),
            Component =
            [
                new Observation.ComponentComponent { Code = new CodeableConcept("http://loinc.org", "8480-6"), Value = MmHg(120) },
                new Observation.ComponentComponent { Code = new CodeableConcept("http://loinc.org", "8462-4"), Value = MmHg(80) },
            ],
        });
        await CreateAsync("r1", new RiskAssessment
        {
            Status = ObservationStatus.Final,
            Subject = new ResourceReference($"Patient/{p1}"),
            Prediction = [new RiskAssessment.PredictionComponent { Probability = new FhirDecimal(0.8m) }],
        });
        await CreateAsync("d1", new DiagnosticReport
        {
            Status = DiagnosticReport.DiagnosticReportStatus.Final,
            Code = new CodeableConcept("http://loinc.org", "24356-8"),
            Result = [new ResourceReference($"Observation/{o1}")],
        });
        await CreateAsync("l1", new List
        {
            Status = List.ListStatus.Current,
            Mode = ListMode.Working,
            Entry = [new List.EntryComponent { Item = new ResourceReference($"Patient/{p1}") }, new List.EntryComponent { Item = new ResourceReference($"Patient/{p3}") }],
        });
        // Contained resources carry the run marker too: with _contained the criteria (the marker's _tag among them) apply to them.
        Meta Marked() => new() { Tag = [new Coding("urn:esmsdui:test", marker)] };
        await CreateAsync("d2", new DiagnosticReport
        {
            Status = DiagnosticReport.DiagnosticReportStatus.Final,
            Code = new CodeableConcept("http://loinc.org", "24323-8"),
            Subject = new ResourceReference($"Patient/{p2}"),
            Contained =
            [
                new Observation
                {
                    Id = "a", Meta = Marked(), Status = ObservationStatus.Final, Code = new CodeableConcept("http://loinc.org", "2339-0", "Glucose"),
                    Subject = new ResourceReference($"Patient/{p2}"), Value = new Quantity { Value = 5.5m, System = "http://unitsofmeasure.org", Code = "mmol/L" },
                },
                new Observation
                {
                    Id = "b", Meta = Marked(), Status = ObservationStatus.Preliminary, Code = new CodeableConcept("http://loinc.org", "29463-7", "Poids"),
                    Subject = new ResourceReference($"Patient/{p2}"),
                },
            ],
            Result = [new ResourceReference("#a"), new ResourceReference("#b")],
        });
        await CreateAsync("m1", new MedicationRequest
        {
            Status = MedicationRequest.MedicationrequestStatus.Active,
            Intent = MedicationRequest.MedicationRequestIntent.Order,
            Subject = new ResourceReference($"Patient/{p2}"),
            Contained = [new Medication { Id = "med", Meta = Marked(), Code = new CodeableConcept("http://snomed.info/sct", "387517004", "Paracétamol") }],
            Medication = new ResourceReference("#med"),
        });
        // Conditions of a group (outside every patient's compartment) for code subsumption over FHIR's nested condition-clinical.
        foreach (var (name, status) in new[] { ("c1", "recurrence"), ("c2", "resolved"), ("c3", "active") })
        {
            await CreateAsync(name, new Condition
            {
                ClinicalStatus = new CodeableConcept(ConditionClinical, status),
                Subject = new ResourceReference("Group/search-data"),
            });
        }

        return new SearchData(marker, ids);
    }
}
