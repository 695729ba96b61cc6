using System.Net;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Dossier;

/// <summary>The identity rules on every Patient write (INS key, test OIDs, status, changes, duplicates, local id).</summary>
public abstract class PatientIdentityTests(ServerFixture server)
{
    private const string Nir = "urn:oid:1.2.250.1.213.1.4.8";
    private const string NirTest = "urn:oid:1.2.250.1.213.1.4.10";
    private const string LocalUsager = "https://identifiant-medicosocial-localusager.esante.gouv.fr";
    private const string Reliability = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-identity-reliability";

    [Fact]
    public async Task Create_with_an_INS_whose_key_is_wrong_returns_422_naming_it_and_stores_nothing()
    {
        var family = Family();
        var ins = TestIns.Next();
        var patient = Usager(family, Nir, ins[..13] + ((int.Parse(ins[13..], System.Globalization.CultureInfo.InvariantCulture) % 96) + 1).ToString("00", System.Globalization.CultureInfo.InvariantCulture));

        var outcome = await RefusedAsync(patient);

        Assert.Contains(outcome.Issue, i => i.Diagnostics.Contains("key", StringComparison.Ordinal) && i.Expression.Contains("Patient.identifier[0].value"));
        Assert.Equal(0, await CountAsync($"Patient?family={family}"));
    }

    [Fact]
    public async Task Create_with_a_test_INS_is_refused_on_a_production_server()
    {
        var outcome = await RefusedAsync(Usager(Family(), NirTest, TestIns.Next()));
        Assert.Contains(outcome.Issue, i => i.Diagnostics.Contains("AllowTestIns", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("QUAL", "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-identity-status")]
    [InlineData("RECUP", "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-identity-status")]
    public async Task A_qualified_or_recovered_identity_without_INS_returns_422(string status, string system)
    {
        var patient = FhirHttp.NewPatient(Family());
        patient.Extension.Add(Status(status, system));
        var outcome = await RefusedAsync(patient);
        Assert.Contains(outcome.Issue, i => i.Diagnostics.Contains("has its INS", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("DOUT", "VALI")]
    [InlineData("FICT", "VALI")]
    [InlineData("DOUT", "QUAL")]
    public async Task A_douteuse_or_fictive_identity_above_provisoire_returns_422_and_stores_nothing(string attribute, string status)
    {
        var family = Family();
        var patient = Usager(family, Nir, TestIns.Next());
        patient.Extension.Add(Status(status, status == "QUAL" ? "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-identity-status" : "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0445"));
        patient.Extension.Add(Status(attribute, "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0445"));

        var outcome = await RefusedAsync(patient);

        Assert.Contains(outcome.Issue, i => i.Diagnostics.Contains("stays provisoire", StringComparison.Ordinal));
        Assert.Equal(0, await CountAsync($"Patient?family={family}"));
    }

    [Fact]
    public async Task A_douteuse_identity_is_stored_provisoire_and_an_identity_cannot_be_both_douteuse_and_fictive()
    {
        var patient = Usager(Family(), Nir, TestIns.Next());
        patient.Extension.Add(Status("PROV", "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0445"));
        patient.Extension.Add(Status("DOUT", "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0445"));
        var created = await CreateAsync(patient);

        created.Extension.Add(Status("FICT", "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0445"));
        using var both = await server.Client.PutAsync($"Patient/{created.Id}", FhirHttp.Json(created));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, both.StatusCode);
        Assert.Contains((await FhirHttp.ReadAsync<OperationOutcome>(both)).Issue, i => i.Diagnostics.Contains("not both", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_INS_of_a_qualified_identity_cannot_change_until_it_is_provisoire_again()
    {
        var patient = Usager(Family(), Nir, TestIns.Next());
        patient.Extension.Add(Status("VALI", "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0445"));
        var created = await CreateAsync(patient);

        created.Identifier[0].Value = TestIns.Next();
        using (var changed = await server.Client.PutAsync($"Patient/{created.Id}", FhirHttp.Json(created)))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, changed.StatusCode);
            Assert.Contains((await FhirHttp.ReadAsync<OperationOutcome>(changed)).Issue, i => i.Diagnostics.Contains("cannot change", StringComparison.Ordinal));
        }

        created.Extension[0] = Status("PROV", "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0445");
        using var provisional = await server.Client.PutAsync($"Patient/{created.Id}", FhirHttp.Json(created));
        Assert.Equal(HttpStatusCode.OK, provisional.StatusCode);
    }

    [Fact]
    public async Task A_second_usager_with_the_same_INS_or_local_identifier_is_refused_naming_the_first()
    {
        var ins = TestIns.Next();
        var first = await CreateAsync(Usager(Family(), Nir, ins));

        var outcome = await RefusedAsync(Usager(Family(), Nir, ins));
        Assert.Contains(outcome.Issue, i => i.Code == OperationOutcome.IssueType.Duplicate && i.Diagnostics.Contains($"Patient/{first.Id}", StringComparison.Ordinal));

        var local = $"3480787529/{Guid.NewGuid():N}";
        var withLocal = await CreateAsync(Usager(Family(), LocalUsager, local));
        var again = await RefusedAsync(Usager(Family(), LocalUsager, local));
        Assert.Contains(again.Issue, i => i.Diagnostics.Contains($"Patient/{withLocal.Id}", StringComparison.Ordinal));

        // Updating the holder itself is no duplicate.
        using var update = await server.Client.PutAsync($"Patient/{first.Id}", FhirHttp.Json(first));
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
    }

    [Theory]
    [InlineData("480787529/194704032")]
    [InlineData("3480787529")]
    [InlineData("348078752/194704032")]
    [InlineData("3480787529/ ")]
    public async Task A_local_identifier_that_is_not_3_FINESS_slash_id_returns_422(string value)
    {
        var outcome = await RefusedAsync(Usager(Family(), LocalUsager, value));
        Assert.Contains(outcome.Issue, i => i.Diagnostics.Contains("3+FINESS/idLocal", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("3480787529/194704032-SEJOUR-1012", HttpStatusCode.Created)]
    [InlineData("32C0787529/194704032-SEJOUR-1012", HttpStatusCode.UnprocessableEntity)]
    [InlineData("32A1234567/194704032-SEJOUR-1012", HttpStatusCode.Created)]
    [InlineData("480787529/194704032-SEJOUR-1012", HttpStatusCode.UnprocessableEntity)]
    [InlineData("SEJOUR-1012", HttpStatusCode.UnprocessableEntity)]
    public async Task Medico_social_identifiers_of_records_start_with_3_FINESS(string value, HttpStatusCode status)
    {
        var sejour = new Encounter
        {
            Status = Encounter.EncounterStatus.InProgress,
            Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP"),
            Identifier = [new Identifier("https://identifiant-medicosocial-sejour.esante.gouv.fr", value)],
        };
        using var response = await server.Client.PostAsync("Encounter", FhirHttp.Json(sejour));
        Assert.Equal(status, response.StatusCode);
    }

    [Fact]
    public async Task A_transaction_with_a_wrong_INS_creates_nothing()
    {
        var family = Family();
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        bundle.Entry.Add(Post(Usager(family, Nir, TestIns.Next())));
        bundle.Entry.Add(Post(Usager(family, Nir, "123")));

        using var response = await server.Client.PostAsync(string.Empty, FhirHttp.Json(bundle));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(0, await CountAsync($"Patient?family={family}"));
    }

    private static Bundle.EntryComponent Post(Resource resource) =>
        new() { FullUrl = $"urn:uuid:{Guid.NewGuid()}", Resource = resource, Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = resource.TypeName } };

    private static string Family() => "Identite" + Guid.NewGuid().ToString("N")[..8];

    private static Patient Usager(string family, string system, string value)
    {
        var patient = FhirHttp.NewPatient(family);
        patient.Identifier.Add(new Identifier(system, value));
        return patient;
    }

    private static Extension Status(string code, string system) =>
        new() { Url = Reliability, Extension = [new Extension("identityStatus", new Coding(system, code))] };

    private async Task<Patient> CreateAsync(Patient patient)
    {
        using var response = await server.Client.PostAsync("Patient", FhirHttp.Json(patient));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await FhirHttp.ReadAsync<Patient>(response);
    }

    private async Task<OperationOutcome> RefusedAsync(Patient patient)
    {
        using var response = await server.Client.PostAsync("Patient", FhirHttp.Json(patient));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        return await FhirHttp.ReadAsync<OperationOutcome>(response);
    }

    private async Task<int?> CountAsync(string query) =>
        (await FhirHttp.ReadAsync<Bundle>(await server.Client.GetAsync(query + "&_summary=count"))).Total;
}

[Collection(SqliteServers.Name)]
public sealed class SqlitePatientIdentityTests(SqliteServerFixture server) : PatientIdentityTests(server);

[Collection(PostgresServers.Name)]
public sealed class PostgresPatientIdentityTests(PostgresServerFixture server) : PatientIdentityTests(server);

/// <summary>A test server configured to accept test identities and wrong INS keys.</summary>
public sealed class TestIdentitiesServer : SqliteServerFixture
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        new("Dossier:Identity:AllowTestIns", "true"),
        new("Dossier:Identity:EnforceInsKey", "false"),
    ];
}

public sealed class TestIdentitiesConfigurationTests(TestIdentitiesServer server) : IClassFixture<TestIdentitiesServer>
{
    [Theory]
    [InlineData("urn:oid:1.2.250.1.213.1.4.10", "184012345678901")]
    [InlineData("urn:oid:1.2.250.1.213.1.4.8", "147720425367411")]
    public async Task A_server_configured_for_tests_accepts_test_INS_and_wrong_keys(string system, string value)
    {
        var patient = FhirHttp.NewPatient("Test" + Guid.NewGuid().ToString("N")[..8]);
        patient.Identifier.Add(new Identifier(system, value));
        using var response = await server.Client.PostAsync("Patient", FhirHttp.Json(patient));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
