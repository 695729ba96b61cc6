using System.Net;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Dossier;

/// <summary><c>Patient/[id]/$everything</c>: the compartment and what it references, paged, narrowed, INS only when qualified.</summary>
public abstract class PatientEverythingTests(ServerFixture server)
{
    private const string Nir = "urn:oid:1.2.250.1.213.1.4.8";
    [Fact]
    public async Task Everything_returns_the_usager_the_compartment_and_what_it_references_but_not_others()
    {
        var record = await RecordAsync(qualified: true);

        var bundle = await EverythingAsync($"Patient/{record.Patient}/$everything");

        Assert.Equal(Sorted(record.Patient, record.Observation, record.Encounter), Ids(bundle, Bundle.SearchEntryMode.Match));
        Assert.Equal(Sorted(record.Practitioner, record.Organization), Ids(bundle, Bundle.SearchEntryMode.Include));
        Assert.DoesNotContain(bundle.Entry, e => e.Resource.Id == record.OtherObservation);
    }

    [Fact]
    public async Task The_INS_of_an_identity_that_is_not_qualified_is_left_out_of_everything()
    {
        var provisional = await RecordAsync(qualified: false);
        var bundle = await EverythingAsync($"Patient/{provisional.Patient}/$everything");
        var patient = bundle.Entry.Select(e => e.Resource).OfType<Patient>().Single();
        Assert.DoesNotContain(patient.Identifier, i => i.System == Nir);
        Assert.Null(bundle.Entry.Select(e => e.Resource).OfType<Observation>().Single().Subject.Identifier);

        // Read as such (not an export), the record keeps it.
        var read = await FhirHttp.ReadAsync<Patient>(await server.Client.GetAsync($"Patient/{provisional.Patient}"));
        Assert.Contains(read.Identifier, i => i.System == Nir);

        var qualified = await RecordAsync(qualified: true);
        var exported = (await EverythingAsync($"Patient/{qualified.Patient}/$everything")).Entry.Select(e => e.Resource).OfType<Patient>().Single();
        Assert.Contains(exported.Identifier, i => i.System == Nir);
    }

    [Fact]
    public async Task Type_and_since_narrow_everything()
    {
        var record = await RecordAsync(qualified: true);

        var observations = await EverythingAsync($"Patient/{record.Patient}/$everything?_type=Observation");
        Assert.Equal([record.Observation], Ids(observations, Bundle.SearchEntryMode.Match));

        var future = await EverythingAsync($"Patient/{record.Patient}/$everything?_since=2999-01-01T00:00:00Z");
        Assert.Empty(Ids(future, Bundle.SearchEntryMode.Match));
    }

    [Fact]
    public async Task Everything_pages_with_next_links_to_itself()
    {
        var record = await RecordAsync(qualified: true);
        var seen = new List<string>();
        string? url = $"Patient/{record.Patient}/$everything?_count=1";
        while (url is not null)
        {
            var page = await EverythingAsync(url);
            seen.AddRange(Ids(page, Bundle.SearchEntryMode.Match));
            url = page.Link.FirstOrDefault(l => l.Relation == "next")?.Url;
            Assert.True(url is null || url.Contains("/$everything?", StringComparison.Ordinal), url);
        }

        Assert.Equal(Sorted(record.Patient, record.Observation, record.Encounter), seen.Order().ToList());
    }

    [Theory]
    [InlineData("Patient/no-such-usager/$everything", HttpStatusCode.NotFound)]
    [InlineData("Patient/$everything", HttpStatusCode.NotFound)]
    [InlineData("Patient/{id}/$everything?start=2024-01-01", HttpStatusCode.BadRequest)]
    [InlineData("Patient/{id}/$everything?_type=Organization", HttpStatusCode.NotFound)]
    [InlineData("Patient/{id}/$everything?_since=yesterday", HttpStatusCode.BadRequest)]
    public async Task Everything_called_wrongly_gets_an_outcome(string url, HttpStatusCode status)
    {
        var record = await RecordAsync(qualified: true);
        using var response = await server.Client.GetAsync(url.Replace("{id}", record.Patient, StringComparison.Ordinal));
        Assert.Equal(status, response.StatusCode);
        await FhirHttp.ReadAsync<OperationOutcome>(response);
    }

    private sealed record Record(string Patient, string Observation, string Encounter, string Practitioner, string Organization, string OtherObservation);

    private async Task<Record> RecordAsync(bool qualified)
    {
        var ins = new Identifier(Nir, TestIns.Next());
        var patient = FhirHttp.NewPatient("Everything" + Guid.NewGuid().ToString("N")[..8]);
        patient.Identifier.Add(ins);
        patient.Extension.Add(new Extension
        {
            Url = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-identity-reliability",
            Extension = [new Extension("identityStatus", new Coding("https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0445", qualified ? "VALI" : "PROV"))],
        });
        var patientId = await CreateAsync(patient);
        var other = await CreateAsync(FhirHttp.NewPatient("Other"));
        var practitioner = await CreateAsync(new Practitioner { Name = [new HumanName { Family = "Martin" }] });
        var organization = await CreateAsync(new Organization { Name = "EHPAD Les Tilleuls" });
        var encounter = await CreateAsync(new Encounter
        {
            Status = Encounter.EncounterStatus.InProgress,
            Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP"),
            Subject = new ResourceReference($"Patient/{patientId}"),
            ServiceProvider = new ResourceReference($"Organization/{organization}"),
        });
        var observation = await CreateAsync(new Observation
        {
            Status = ObservationStatus.Final,
            Code = new CodeableConcept("http://loinc.org", "29463-7"),
            Subject = new ResourceReference($"Patient/{patientId}") { Identifier = ins },
            Performer = [new ResourceReference($"Practitioner/{practitioner}")],
        });
        var otherObservation = await CreateAsync(new Observation
        {
            Status = ObservationStatus.Final,
            Code = new CodeableConcept("http://loinc.org", "29463-7"),
            Subject = new ResourceReference($"Patient/{other}"),
        });
        return new Record(patientId, observation, encounter, practitioner, organization, otherObservation);
    }

    private async Task<string> CreateAsync(Resource resource)
    {
        using var response = await server.Client.PostAsync(resource.TypeName, FhirHttp.Json(resource));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await FhirHttp.ReadAsync<Resource>(response)).Id!;
    }

    private async Task<Bundle> EverythingAsync(string url)
    {
        using var response = await server.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await FhirHttp.ReadAsync<Bundle>(response);
    }

    private static List<string> Ids(Bundle bundle, Bundle.SearchEntryMode mode) =>
        [.. bundle.Entry.Where(e => e.Search?.Mode == mode).Select(e => e.Resource.Id).Order()];

    private static List<string> Sorted(params string[] ids) => [.. ids.Order()];
}

[Collection(SqliteServers.Name)]
public sealed class SqlitePatientEverythingTests(SqliteServerFixture server) : PatientEverythingTests(server);

[Collection(PostgresServers.Name)]
public sealed class PostgresPatientEverythingTests(PostgresServerFixture server) : PatientEverythingTests(server);
