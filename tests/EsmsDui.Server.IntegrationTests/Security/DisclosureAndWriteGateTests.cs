using System.Collections.Concurrent;
using System.Net;
using System.Text;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Security;

/// <summary>
/// Regression tests of the outside probe (issue 14, findings 1, 2, 8 and 12): what an operation returns passes the
/// check of a direct read, and a write is checked on its resulting state. Client "a" is limited to ESMS A, "b" to
/// ESMS B; each test plants, through a path the access matrices do not list, a way to reach the other's record.
/// </summary>
public abstract class DisclosureAndWriteGateTests(ServerFixture server)
{
    private static readonly ConcurrentDictionary<ServerFixture, Lazy<Task<World>>> Worlds = new();

    [Fact]
    public async Task Everything_leaves_out_resources_of_another_establishment_that_a_record_references()
    {
        var world = await WorldAsync();
        using var a = Tokens.Client(server, world.Tokens["a"]);
        var planted = new Observation
        {
            Status = ObservationStatus.Final,
            Code = new CodeableConcept { Text = "synthèse" },
            Subject = new ResourceReference($"Patient/{world.UsagerA}"),
            HasMember = [new ResourceReference($"Observation/{world.ObservationB}")],
            DerivedFrom = [new ResourceReference($"Condition/{world.ConditionB}")],
        };
        using var created = await a.PostAsync("Observation", FhirHttp.Json(planted));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await a.GetAsync($"Observation/{world.ObservationB}")).StatusCode);

        var everything = await FhirHttp.ReadAsync<Bundle>(await a.GetAsync($"Patient/{world.UsagerA}/$everything"));
        var ids = everything.Entry.Where(e => e.Resource is not null).Select(e => $"{e.Resource.TypeName}/{e.Resource.Id}").ToList();

        Assert.Contains($"Patient/{world.UsagerA}", ids);
        Assert.DoesNotContain($"Observation/{world.ObservationB}", ids);
        Assert.DoesNotContain($"Condition/{world.ConditionB}", ids);
        Assert.DoesNotContain(everything.Entry, e => e.Resource is Patient p && p.Id == world.UsagerB);
    }

    [Fact]
    public async Task Everything_leaves_out_referenced_resources_of_a_type_the_token_cannot_read()
    {
        var world = await WorldAsync();
        var clientId = "patients-only-" + Guid.NewGuid().ToString("N")[..6];
        await Tokens.RegisterAsync(server, clientId, "system/Patient.rs");
        using var reader = Tokens.Client(server, await Tokens.GetAsync(server, clientId, "system/Patient.rs"));
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync($"Observation/{world.ObservationB}")).StatusCode);

        var everything = await FhirHttp.ReadAsync<Bundle>(await reader.GetAsync($"Patient/{world.UsagerWithExtension}/$everything"));

        Assert.All(everything.Entry.Where(e => e.Resource is not null), e => Assert.IsType<Patient>(e.Resource));
    }

    [Fact]
    public async Task Duplicates_lists_only_usagers_the_caller_reaches()
    {
        var world = await WorldAsync();
        using var a = Tokens.Client(server, world.Tokens["a"]);

        var duplicates = await FhirHttp.ReadAsync<Bundle>(await a.GetAsync($"Patient/{world.TwinA}/$duplicates"));
        using var org = Tokens.Client(server, world.Tokens["org"]);
        var all = await FhirHttp.ReadAsync<Bundle>(await org.GetAsync($"Patient/{world.TwinA}/$duplicates"));

        Assert.Contains(all.Entry, e => e.Resource.Id == world.TwinB);
        Assert.DoesNotContain(duplicates.Entry, e => e.Resource?.Id == world.TwinB);
        Assert.Equal(duplicates.Entry.Count(e => e.Resource is Patient), duplicates.Total);
    }

    [Fact]
    public async Task Merge_preview_of_a_usager_out_of_reach_is_refused_and_tells_nothing()
    {
        var world = await WorldAsync();
        using var a = Tokens.Client(server, world.Tokens["a"]);
        var input = new Parameters();
        input.Add("source-patient", new ResourceReference($"Patient/{world.TwinB}"));
        input.Add("target-patient", new ResourceReference($"Patient/{world.TwinA}"));
        input.Add("preview", new FhirBoolean(true));

        using var response = await a.PostAsync("Patient/$merge", FhirHttp.Json(input));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("Would move", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Jumeau", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_usager_linking_to_a_reachable_one_is_not_reachable_through_the_link()
    {
        var world = await WorldAsync();
        using var a = Tokens.Client(server, world.Tokens["a"]);

        Assert.Equal(HttpStatusCode.Forbidden, (await a.GetAsync($"Patient/{world.LinkedB}")).StatusCode);
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"Patient/{world.LinkedB}")
        {
            Content = new StringContent(MoveTo(world.EsmsA), Encoding.UTF8, "application/json-patch+json"),
        };
        using var patched = await a.SendAsync(patch);
        var found = await FhirHttp.ReadAsync<Bundle>(await a.GetAsync($"Patient?_id={world.LinkedB}"));

        Assert.Equal(HttpStatusCode.Forbidden, patched.StatusCode);
        Assert.Empty(found.Entry);
    }

    [Fact]
    public async Task A_limited_client_cannot_move_its_usager_to_an_establishment_it_does_not_reach()
    {
        var world = await WorldAsync();
        using var a = Tokens.Client(server, world.Tokens["a"]);
        using var admin = Tokens.Client(server, world.Tokens["org"]);
        var usager = FhirHttp.NewPatient("Demenage");
        usager.ManagingOrganization = new ResourceReference($"Organization/{world.EsmsA}");
        var id = (await FhirHttp.ReadAsync<Patient>(await admin.PostAsync("Patient", FhirHttp.Json(usager)))).Id;

        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"Patient/{id}")
        {
            Content = new StringContent(MoveTo(world.EsmsB), Encoding.UTF8, "application/json-patch+json"),
        };
        using var moved = await a.SendAsync(patch);
        var after = await FhirHttp.ReadAsync<Patient>(await admin.GetAsync($"Patient/{id}"));

        Assert.Equal(HttpStatusCode.Forbidden, moved.StatusCode);
        Assert.Equal($"Organization/{world.EsmsA}", after.ManagingOrganization.Reference);
        Assert.Equal("1", after.Meta.VersionId);
    }

    [Fact]
    public async Task A_limited_client_cannot_move_a_sejour_to_another_establishment()
    {
        var world = await WorldAsync();
        using var b = Tokens.Client(server, world.Tokens["b"]);
        var sejour = await FhirHttp.ReadAsync<Encounter>(await b.GetAsync($"Encounter/{world.SejourB}"));
        sejour.ServiceProvider = new ResourceReference($"Organization/{world.EsmsA}");

        using var moved = await b.PutAsync($"Encounter/{world.SejourB}", FhirHttp.Json(sejour));

        Assert.Equal(HttpStatusCode.Forbidden, moved.StatusCode);
    }

    [Fact]
    public async Task A_write_the_token_cannot_read_back_is_answered_without_its_body()
    {
        var world = await WorldAsync();
        var clientId = "create-only-" + Guid.NewGuid().ToString("N")[..6];
        await Tokens.RegisterAsync(server, clientId, "system/Observation.c");
        using var writer = Tokens.Client(server, await Tokens.GetAsync(server, clientId, "system/Observation.c"));
        var observation = new Observation { Status = ObservationStatus.Final, Code = new CodeableConcept { Text = "pouls" }, Subject = new ResourceReference($"Patient/{world.UsagerA}") };

        using var created = await writer.PostAsync("Observation", FhirHttp.Json(observation));
        var outcome = await FhirHttp.ReadAsync<Resource>(created);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.NotNull(created.Headers.Location);
        Assert.IsType<OperationOutcome>(outcome);
    }

    [Fact]
    public async Task A_limited_client_cannot_write_a_record_that_names_no_usager()
    {
        // Found by the differential property test: a Consent updated without its patient left every limited client's reach.
        var world = await WorldAsync();
        using var a = Tokens.Client(server, world.Tokens["a"]);
        var consent = new Consent
        {
            Status = Consent.ConsentState.Active,
            Patient = new ResourceReference($"Patient/{world.UsagerA}"),
            Scope = new CodeableConcept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy"),
            Category = [new CodeableConcept("http://loinc.org", "59284-0")],
        };
        var id = (await FhirHttp.ReadAsync<Consent>(await a.PostAsync("Consent", FhirHttp.Json(consent)))).Id;
        consent.Id = id;
        consent.Patient = null;

        using var updated = await a.PutAsync($"Consent/{id}", FhirHttp.Json(consent));
        using var created = await a.PostAsync("Observation", FhirHttp.Json(new Observation { Status = ObservationStatus.Final, Code = new CodeableConcept { Text = "sans usager" } }));
        var after = await FhirHttp.ReadAsync<Consent>(await a.GetAsync($"Consent/{id}"));

        Assert.Equal(HttpStatusCode.Forbidden, updated.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, created.StatusCode);
        Assert.Equal($"Patient/{world.UsagerA}", after.Patient.Reference);
    }

    [Fact]
    public async Task A_stored_OperationOutcome_is_checked_like_any_resource()
    {
        // Found by the differential property test: OperationOutcomes were taken for the server's own messages.
        var clientId = "write-only-" + Guid.NewGuid().ToString("N")[..6];
        await Tokens.RegisterAsync(server, clientId, "system/*.cud");
        using var writer = Tokens.Client(server, await Tokens.GetAsync(server, clientId, "system/*.cud"));
        var stored = new OperationOutcome { Issue = [new OperationOutcome.IssueComponent { Severity = OperationOutcome.IssueSeverity.Information, Code = OperationOutcome.IssueType.Informational, Diagnostics = "stocké" }] };

        using var created = await writer.PostAsync("OperationOutcome", FhirHttp.Json(stored));
        var answer = await FhirHttp.ReadAsync<OperationOutcome>(created);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.DoesNotContain(answer.Issue, i => i.Diagnostics == "stocké");
    }

    private static string MoveTo(string esms) =>
        "[{\"op\":\"replace\",\"path\":\"/managingOrganization\",\"value\":{\"reference\":\"Organization/" + esms + "\"}}]";

    private async Task<World> WorldAsync() => await Worlds.GetOrAdd(server, s => new Lazy<Task<World>>(() => BuildAsync(s))).Value;

    private static async Task<World> BuildAsync(ServerFixture server)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        await Tokens.RegisterAsync(server, "gate-org-" + suffix, "system/*.cruds");
        tokens["org"] = await Tokens.GetAsync(server, "gate-org-" + suffix, "system/*.cruds");
        using var admin = Tokens.Client(server, tokens["org"]);
        async Task<string> Create(Resource resource)
        {
            using var response = await admin.PostAsync(resource.TypeName, FhirHttp.Json(resource));
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            return (await FhirHttp.ReadAsync<Resource>(response)).Id!;
        }

        Patient Managed(Patient patient, string esms)
        {
            patient.ManagingOrganization = new ResourceReference($"Organization/{esms}");
            return patient;
        }

        var esmsA = await Create(new Organization { Name = "EHPAD Portes " + suffix });
        var esmsB = await Create(new Organization { Name = "MAS Fenêtres " + suffix });
        var usagerA = await Create(Managed(FhirHttp.NewPatient("Portes"), esmsA));
        var usagerB = await Create(Managed(FhirHttp.NewPatient("Fenetres"), esmsB));
        var sejourB = await Create(new Encounter
        {
            Status = Encounter.EncounterStatus.InProgress,
            Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "HH"),
            Subject = new ResourceReference($"Patient/{usagerB}"),
            ServiceProvider = new ResourceReference($"Organization/{esmsB}"),
        });
        var observationB = await Create(new Observation { Status = ObservationStatus.Final, Code = new CodeableConcept { Text = "sérologie VIH" }, Subject = new ResourceReference($"Patient/{usagerB}") });
        var conditionB = await Create(new Condition { Code = new CodeableConcept { Text = "infection VIH" }, Subject = new ResourceReference($"Patient/{usagerB}") });

        // A usager whose extension points at another usager's observation (what a system/Patient.rs token must not get).
        var withExtension = Managed(FhirHttp.NewPatient("Extension"), esmsA);
        withExtension.Extension.Add(new Extension("https://example.org/fhir/StructureDefinition/derniere-mesure", new ResourceReference($"Observation/{observationB}")));
        var usagerWithExtension = await Create(withExtension);

        // Two records of one person, one in each establishment; and a usager of B linking to a usager of A.
        Patient Twin()
        {
            var twin = new Patient { Name = [new HumanName { Use = HumanName.NameUse.Official, Family = "Jumeau" + suffix, Given = ["Paul"] }], BirthDate = "1940-02-03", Gender = AdministrativeGender.Male };
            twin.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, "0600000000"));
            return twin;
        }

        var twinA = await Create(Managed(Twin(), esmsA));
        var twinB = await Create(Managed(Twin(), esmsB));
        var linked = Managed(FhirHttp.NewPatient("Lie"), esmsB);
        linked.Link.Add(new Patient.LinkComponent { Other = new ResourceReference($"Patient/{usagerA}"), Type = Patient.LinkType.Seealso });
        var linkedB = await Create(linked);

        foreach (var (role, esms) in new[] { ("a", esmsA), ("b", esmsB) })
        {
            var clientId = $"gate-{role}-{suffix}";
            await Tokens.RegisterAsync(server, clientId, "system/*.cruds", establishments: [esms]);
            tokens[role] = await Tokens.GetAsync(server, clientId, "system/*.cruds");
        }

        return new World(tokens, esmsA, esmsB, usagerA, usagerB, sejourB, observationB, conditionB, usagerWithExtension, twinA, twinB, linkedB);
    }

    private sealed record World(
        IReadOnlyDictionary<string, string> Tokens,
        string EsmsA,
        string EsmsB,
        string UsagerA,
        string UsagerB,
        string SejourB,
        string ObservationB,
        string ConditionB,
        string UsagerWithExtension,
        string TwinA,
        string TwinB,
        string LinkedB);
}

[Collection(SecuredSqliteServers.Name)]
public sealed class SqliteDisclosureAndWriteGateTests(SecuredSqliteServer server) : DisclosureAndWriteGateTests(server);

[Collection(SecuredPostgresServers.Name)]
public sealed class PostgresDisclosureAndWriteGateTests(SecuredPostgresServer server) : DisclosureAndWriteGateTests(server);
