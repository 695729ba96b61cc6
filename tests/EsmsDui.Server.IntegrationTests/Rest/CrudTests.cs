using System.Net;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Rest;

public abstract class CrudTests(ServerFixture server)
{
    private readonly HttpClient _client = server.Client;

    [Fact]
    public async Task Metadata_describes_an_R4_server_with_every_resource_type()
    {
        using var response = await _client.GetAsync("metadata");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var statement = await FhirHttp.ReadAsync<CapabilityStatement>(response);
        Assert.Equal(FHIRVersion.N4_0_1, statement.FhirVersion);
        Assert.Contains(statement.Rest[0].Resource, r => r.Type == "Patient");
        Assert.Contains(statement.Rest[0].Interaction, i => i.Code == CapabilityStatement.SystemRestfulInteraction.Transaction);
    }

    [Fact]
    public async Task Create_returns_201_with_location_etag_and_the_stored_resource()
    {
        using var response = await _client.PostAsync("Patient", FhirHttp.Json(FhirHttp.NewPatient()));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await FhirHttp.ReadAsync<Patient>(response);
        Assert.Equal("1", created.Meta?.VersionId);
        Assert.Equal("W/\"1\"", response.Headers.ETag?.ToString());
        Assert.Equal($"{server.BaseUrl}/Patient/{created.Id}/_history/1", response.Headers.Location?.ToString());
        Assert.Equal("Hélène", created.Name[0].Given.Single());
    }

    [Fact]
    public async Task Create_ignores_an_id_in_the_body()
    {
        var patient = FhirHttp.NewPatient();
        patient.Id = "chosen-by-client";
        using var response = await _client.PostAsync("Patient", FhirHttp.Json(patient));
        var created = await FhirHttp.ReadAsync<Patient>(response);
        Assert.NotEqual("chosen-by-client", created.Id);
    }

    [Fact]
    public async Task Read_returns_what_was_created()
    {
        var created = await FhirHttp.CreatePatientAsync(_client, "Lefèvre");
        using var response = await _client.GetAsync($"Patient/{created.Id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = await FhirHttp.ReadAsync<Patient>(response);
        Assert.True(created.IsExactly(read));
        Assert.NotNull(response.Content.Headers.LastModified);
    }

    [Fact]
    public async Task Read_of_unknown_id_returns_404_operation_outcome()
    {
        using var response = await _client.GetAsync("Patient/does-not-exist");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var outcome = await FhirHttp.ReadAsync<OperationOutcome>(response);
        Assert.Equal(OperationOutcome.IssueType.NotFound, outcome.Issue[0].Code);
        Assert.False(string.IsNullOrEmpty(outcome.Id));
    }

    [Fact]
    public async Task Read_of_unknown_type_returns_404()
    {
        using var response = await _client.GetAsync("Usager/1");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await FhirHttp.ReadAsync<OperationOutcome>(response);
    }

    [Fact]
    public async Task Update_creates_a_new_version_readable_by_vread()
    {
        var created = await FhirHttp.CreatePatientAsync(_client);
        created.Gender = AdministrativeGender.Male;
        using var updated = await _client.PutAsync($"Patient/{created.Id}", FhirHttp.Json(created));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("W/\"2\"", updated.Headers.ETag?.ToString());

        var first = await FhirHttp.ReadAsync<Patient>(await _client.GetAsync($"Patient/{created.Id}/_history/1"));
        var second = await FhirHttp.ReadAsync<Patient>(await _client.GetAsync($"Patient/{created.Id}/_history/2"));
        Assert.Equal(AdministrativeGender.Female, first.Gender);
        Assert.Equal(AdministrativeGender.Male, second.Gender);
    }

    [Fact]
    public async Task Update_of_unknown_id_creates_it_with_that_id()
    {
        var id = "usager-" + Guid.NewGuid().ToString("N")[..8];
        var patient = FhirHttp.NewPatient();
        patient.Id = id;
        using var response = await _client.PutAsync($"Patient/{id}", FhirHttp.Json(patient));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(id, (await FhirHttp.ReadAsync<Patient>(response)).Id);
    }

    [Fact]
    public async Task Update_with_id_differing_from_url_returns_400_and_stores_nothing()
    {
        var created = await FhirHttp.CreatePatientAsync(_client);
        var other = FhirHttp.NewPatient("Autre");
        other.Id = "another-id";
        using var response = await _client.PutAsync($"Patient/{created.Id}", FhirHttp.Json(other));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await FhirHttp.ReadAsync<OperationOutcome>(response);
        using var read = await _client.GetAsync($"Patient/{created.Id}");
        Assert.Equal("W/\"1\"", read.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task Update_with_stale_if_match_returns_412()
    {
        var created = await FhirHttp.CreatePatientAsync(_client);
        using var request = new HttpRequestMessage(HttpMethod.Put, $"Patient/{created.Id}") { Content = FhirHttp.Json(created) };
        request.Headers.TryAddWithoutValidation("If-Match", "W/\"7\"");
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        await FhirHttp.ReadAsync<OperationOutcome>(response);
    }

    [Fact]
    public async Task Delete_then_read_returns_410_and_old_versions_stay_readable()
    {
        var created = await FhirHttp.CreatePatientAsync(_client);
        using var deleted = await _client.DeleteAsync($"Patient/{created.Id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await _client.GetAsync($"Patient/{created.Id}");
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        await FhirHttp.ReadAsync<OperationOutcome>(gone);
        using var old = await _client.GetAsync($"Patient/{created.Id}/_history/1");
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        using var deletion = await _client.GetAsync($"Patient/{created.Id}/_history/2");
        Assert.Equal(HttpStatusCode.Gone, deletion.StatusCode);
    }

    [Fact]
    public async Task Delete_of_unknown_resource_returns_204()
    {
        using var response = await _client.DeleteAsync("Patient/never-existed");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Update_after_delete_brings_the_resource_back_with_the_next_version()
    {
        var created = await FhirHttp.CreatePatientAsync(_client);
        (await _client.DeleteAsync($"Patient/{created.Id}")).Dispose();
        created.Meta = null;
        using var response = await _client.PutAsync($"Patient/{created.Id}", FhirHttp.Json(created));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("W/\"3\"", response.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task Read_with_matching_if_none_match_returns_304()
    {
        var created = await FhirHttp.CreatePatientAsync(_client);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"Patient/{created.Id}");
        request.Headers.TryAddWithoutValidation("If-None-Match", "W/\"1\"");
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task Prefer_return_minimal_gives_no_body_and_operation_outcome_gives_an_outcome()
    {
        using var minimal = new HttpRequestMessage(HttpMethod.Post, "Patient") { Content = FhirHttp.Json(FhirHttp.NewPatient()) };
        minimal.Headers.TryAddWithoutValidation("Prefer", "return=minimal");
        using var minimalResponse = await _client.SendAsync(minimal);
        Assert.Equal(HttpStatusCode.Created, minimalResponse.StatusCode);
        Assert.Empty(await minimalResponse.Content.ReadAsByteArrayAsync());
        Assert.NotNull(minimalResponse.Headers.Location);

        using var outcome = new HttpRequestMessage(HttpMethod.Post, "Patient") { Content = FhirHttp.Json(FhirHttp.NewPatient()) };
        outcome.Headers.TryAddWithoutValidation("Prefer", "return=OperationOutcome");
        using var outcomeResponse = await _client.SendAsync(outcome);
        var result = await FhirHttp.ReadAsync<OperationOutcome>(outcomeResponse);
        Assert.Equal(OperationOutcome.IssueSeverity.Information, result.Issue[0].Severity);
    }

    [Fact]
    public async Task Summary_and_elements_reduce_the_representation_and_mark_it_subsetted()
    {
        var patient = FhirHttp.NewPatient();
        patient.Text = new Narrative { Status = Narrative.NarrativeStatus.Generated, Div = "<div xmlns=\"http://www.w3.org/1999/xhtml\">Hélène Dupont</div>" };
        patient.Contact = [new Patient.ContactComponent { Name = new HumanName { Family = "Proche" } }];
        using var createdResponse = await _client.PostAsync("Patient", FhirHttp.Json(patient));
        var created = await FhirHttp.ReadAsync<Patient>(createdResponse);

        var summary = await FhirHttp.ReadAsync<Patient>(await _client.GetAsync($"Patient/{created.Id}?_summary=true"));
        Assert.Empty(summary.Contact);
        Assert.Null(summary.Text);
        Assert.Contains(summary.Meta!.Tag, t => t.Code == "SUBSETTED");

        var elements = await FhirHttp.ReadAsync<Patient>(await _client.GetAsync($"Patient/{created.Id}?_elements=gender"));
        Assert.Equal(AdministrativeGender.Female, elements.Gender);
        Assert.Empty(elements.Name);
    }
}

[Collection(SqliteServers.Name)]
public sealed class SqliteCrudTests(SqliteServerFixture server) : CrudTests(server);

[Collection(PostgresServers.Name)]
public sealed class PostgresCrudTests(PostgresServerFixture server) : CrudTests(server);
