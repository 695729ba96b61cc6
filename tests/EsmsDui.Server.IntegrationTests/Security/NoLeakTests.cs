using System.Net;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Security;

/// <summary>
/// Resources of a type the token does not cover never come back another way: not through includes, chains,
/// <c>_has</c>, system search or history, <c>$everything</c>, compartments or Bundles.
/// </summary>
public abstract class NoLeakTests(ServerFixture server)
{
    [Fact]
    public async Task Include_of_a_type_the_token_cannot_read_leaves_it_out()
    {
        var (patient, observation) = await UsagerWithObservationAsync();
        using var client = await ClientAsync("system/Observation.rs");

        var bundle = await FhirHttp.ReadAsync<Bundle>(await client.GetAsync($"Observation?_id={observation}&_include=Observation:subject"));

        Assert.Equal([$"Observation/{observation}"], bundle.Entry.Select(e => $"{e.Resource.TypeName}/{e.Resource.Id}"));
        Assert.DoesNotContain(bundle.Entry, e => e.Resource.Id == patient);
    }

    [Fact]
    public async Task Revinclude_of_a_type_the_token_cannot_read_leaves_it_out()
    {
        var (patient, _) = await UsagerWithObservationAsync();
        using var client = await ClientAsync("system/Patient.rs");

        var bundle = await FhirHttp.ReadAsync<Bundle>(await client.GetAsync($"Patient?_id={patient}&_revinclude=Observation:subject"));

        Assert.Equal(["Patient"], bundle.Entry.Select(e => e.Resource.TypeName).Distinct());
    }

    [Theory]
    [InlineData("system/Observation.rs", "Observation?subject:Patient.name=Fuite")]
    [InlineData("system/Patient.rs", "Patient?_has:Observation:subject:code=29463-7")]
    [InlineData("system/Patient.rs", "Patient?_has:Observation:subject:_has:Provenance:target:agent=Device/x")]
    public async Task A_chain_or_has_through_a_type_the_token_cannot_search_returns_403(string scope, string query)
    {
        await UsagerWithObservationAsync();
        using var client = await ClientAsync(scope);

        using var response = await client.GetAsync(query);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await FhirHttp.ReadAsync<OperationOutcome>(response);
    }

    [Fact]
    public async Task System_search_without_type_returns_only_the_types_the_token_may_search()
    {
        var (patient, observation) = await UsagerWithObservationAsync();
        using var client = await ClientAsync("system/Patient.rs");

        var bundle = await FhirHttp.ReadAsync<Bundle>(await client.GetAsync($"?_id={patient},{observation}"));

        Assert.Equal([$"Patient/{patient}"], bundle.Entry.Select(e => $"{e.Resource.TypeName}/{e.Resource.Id}"));
        using var typed = await client.GetAsync($"?_type=Observation&_id={observation}");
        Assert.Equal(HttpStatusCode.Forbidden, typed.StatusCode);
    }

    [Fact]
    public async Task History_of_the_whole_server_needs_read_on_every_type()
    {
        using var client = await ClientAsync("system/Patient.rs");
        using var response = await client.GetAsync("_history");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);

        // Every type includes the audit trail, which only a scope naming AuditEvent reaches.
        using var allButAudit = await ClientAsync("system/*.rs");
        Assert.Equal(HttpStatusCode.Forbidden, (await allButAudit.GetAsync("_history?_count=1")).StatusCode);
        using var everything = await ClientAsync("system/*.rs system/AuditEvent.rs");
        Assert.Equal(HttpStatusCode.OK, (await everything.GetAsync("_history?_count=1")).StatusCode);
    }

    [Fact]
    public async Task Everything_and_compartment_search_hold_only_what_the_token_may_read()
    {
        var (patient, _) = await UsagerWithObservationAsync();
        using var client = await ClientAsync("system/Patient.rs");

        var everything = await FhirHttp.ReadAsync<Bundle>(await client.GetAsync($"Patient/{patient}/$everything"));
        var compartment = await FhirHttp.ReadAsync<Bundle>(await client.GetAsync($"Patient/{patient}/*"));

        Assert.Equal(["Patient"], everything.Entry.Select(e => e.Resource.TypeName).Distinct());
        Assert.Equal(["Patient"], compartment.Entry.Select(e => e.Resource.TypeName).Distinct());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"Patient/{patient}/Observation")).StatusCode);
    }

    [Fact]
    public async Task A_transaction_with_one_entry_the_token_cannot_write_returns_403_and_stores_nothing()
    {
        var family = "Transaction" + Guid.NewGuid().ToString("N")[..8];
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        var patientUrl = $"urn:uuid:{Guid.NewGuid()}";
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = patientUrl, Resource = FhirHttp.NewPatient(family), Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Patient" } });
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            Resource = new Observation { Status = ObservationStatus.Final, Code = new CodeableConcept { Text = "poids" }, Subject = new ResourceReference(patientUrl) },
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Observation" },
        });
        using var client = await ClientAsync("system/Patient.crs system/Observation.rs");

        using var response = await client.PostAsync(string.Empty, FhirHttp.Json(bundle));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, (await FhirHttp.ReadAsync<Bundle>(await client.GetAsync($"Patient?family={family}"))).Total);
    }

    [Fact]
    public async Task A_batch_answers_403_for_the_entries_the_token_does_not_allow_and_runs_the_others()
    {
        var (patient, observation) = await UsagerWithObservationAsync();
        var bundle = new Bundle { Type = Bundle.BundleType.Batch };
        bundle.Entry.Add(new Bundle.EntryComponent { Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.GET, Url = $"Patient/{patient}" } });
        bundle.Entry.Add(new Bundle.EntryComponent { Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.GET, Url = $"Observation/{observation}" } });
        using var client = await ClientAsync("system/Patient.rs");

        var answer = await FhirHttp.ReadAsync<Bundle>(await client.PostAsync(string.Empty, FhirHttp.Json(bundle)));

        Assert.StartsWith("200", answer.Entry[0].Response.Status, StringComparison.Ordinal);
        Assert.StartsWith("403", answer.Entry[1].Response.Status, StringComparison.Ordinal);
        Assert.Null(answer.Entry[1].Resource as Observation);
    }

    private async Task<(string Patient, string Observation)> UsagerWithObservationAsync()
    {
        using var admin = await ClientAsync("system/*.cruds");
        var patient = FhirHttp.NewPatient("Fuite");
        using var created = await admin.PostAsync("Patient", FhirHttp.Json(patient));
        var patientId = (await FhirHttp.ReadAsync<Patient>(created)).Id!;
        var observation = new Observation
        {
            Status = ObservationStatus.Final,
            Code = new CodeableConcept("http://loinc.org", "29463-7"),
            Subject = new ResourceReference($"Patient/{patientId}"),
        };
        using var written = await admin.PostAsync("Observation", FhirHttp.Json(observation));
        return (patientId, (await FhirHttp.ReadAsync<Observation>(written)).Id!);
    }

    private async Task<HttpClient> ClientAsync(string scopes)
    {
        var clientId = "leak-" + Guid.NewGuid().ToString("N")[..10];
        await Tokens.RegisterAsync(server, clientId, scopes);
        return Tokens.Client(server, await Tokens.GetAsync(server, clientId, scopes));
    }
}

[Collection(SecuredSqliteServers.Name)]
public sealed class SqliteNoLeakTests(SecuredSqliteServer server) : NoLeakTests(server);

[Collection(SecuredPostgresServers.Name)]
public sealed class PostgresNoLeakTests(SecuredPostgresServer server) : NoLeakTests(server);
