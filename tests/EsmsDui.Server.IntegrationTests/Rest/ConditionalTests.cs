using System.Net;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Rest;

public abstract class ConditionalTests(ServerFixture server)
{
    private const string LocalSystem = "urn:oid:1.2.250.1.71.4.2.7";
    private readonly HttpClient _client = server.Client;

    private static Patient WithIdentifier(string value, string family = "Conditionnel")
    {
        var patient = FhirHttp.NewPatient(family);
        patient.Identifier = [new Identifier(LocalSystem, value)];
        return patient;
    }

    private static string NewValue() => Guid.NewGuid().ToString("N");

    private async Task<HttpResponseMessage> CreateIfNoneExistAsync(Patient patient, string criteria)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "Patient") { Content = FhirHttp.Json(patient) };
        request.Headers.TryAddWithoutValidation("If-None-Exist", criteria);
        return await _client.SendAsync(request);
    }

    [Fact]
    public async Task Conditional_create_creates_once_then_returns_the_existing_resource()
    {
        var value = NewValue();
        using var first = await CreateIfNoneExistAsync(WithIdentifier(value), $"identifier={LocalSystem}|{value}");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var created = await FhirHttp.ReadAsync<Patient>(first);

        using var second = await CreateIfNoneExistAsync(WithIdentifier(value), $"identifier={LocalSystem}|{value}");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(created.Id, (await FhirHttp.ReadAsync<Patient>(second)).Id);
    }

    [Fact]
    public async Task Conditional_create_matching_several_returns_412_and_creates_nothing()
    {
        var family = "Doublon" + NewValue()[..8];
        (await _client.PostAsync("Patient", FhirHttp.Json(WithIdentifier(NewValue(), family)))).Dispose();
        (await _client.PostAsync("Patient", FhirHttp.Json(WithIdentifier(NewValue(), family)))).Dispose();
        using var response = await CreateIfNoneExistAsync(WithIdentifier(NewValue(), family), $"family={family}");
        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        var bundle = await FhirHttp.ReadAsync<Bundle>(await _client.GetAsync($"Patient?family={family}"));
        Assert.Equal(2, bundle.Total);
    }

    [Fact]
    public async Task Conditional_create_with_an_unknown_parameter_is_refused()
    {
        using var response = await CreateIfNoneExistAsync(WithIdentifier(NewValue()), "shoe-size=42");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Conditional_update_creates_when_nothing_matches_then_updates_the_match()
    {
        var value = NewValue();
        using var created = await _client.PutAsync($"Patient?identifier={LocalSystem}|{value}", FhirHttp.Json(WithIdentifier(value)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await FhirHttp.ReadAsync<Patient>(created)).Id;

        var changed = WithIdentifier(value);
        changed.Gender = AdministrativeGender.Male;
        using var updated = await _client.PutAsync($"Patient?identifier={LocalSystem}|{value}", FhirHttp.Json(changed));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var patient = await FhirHttp.ReadAsync<Patient>(updated);
        Assert.Equal(id, patient.Id);
        Assert.Equal("2", patient.Meta?.VersionId);
    }

    [Fact]
    public async Task Conditional_update_with_another_id_in_the_body_returns_400()
    {
        var value = NewValue();
        (await _client.PutAsync($"Patient?identifier={LocalSystem}|{value}", FhirHttp.Json(WithIdentifier(value)))).Dispose();
        var other = WithIdentifier(value);
        other.Id = "not-the-match";
        using var response = await _client.PutAsync($"Patient?identifier={LocalSystem}|{value}", FhirHttp.Json(other));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Conditional_delete_deletes_the_single_match()
    {
        var value = NewValue();
        using var created = await _client.PostAsync("Patient", FhirHttp.Json(WithIdentifier(value)));
        var id = (await FhirHttp.ReadAsync<Patient>(created)).Id;
        using var deleted = await _client.DeleteAsync($"Patient?identifier={LocalSystem}|{value}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var read = await _client.GetAsync($"Patient/{id}");
        Assert.Equal(HttpStatusCode.Gone, read.StatusCode);
    }

    [Fact]
    public async Task Conditional_patch_patches_the_single_match_and_404s_without_one()
    {
        var value = NewValue();
        (await _client.PostAsync("Patient", FhirHttp.Json(WithIdentifier(value)))).Dispose();
        using var patched = await _client.PatchAsync($"Patient?identifier={LocalSystem}|{value}", FhirHttp.Json("""[{"op":"replace","path":"/birthDate","value":"1931-05-05"}]""", "application/json-patch+json"));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("1931-05-05", (await FhirHttp.ReadAsync<Patient>(patched)).BirthDate);

        using var missing = await _client.PatchAsync($"Patient?identifier={LocalSystem}|{NewValue()}", FhirHttp.Json("""[{"op":"replace","path":"/birthDate","value":"1931-05-05"}]""", "application/json-patch+json"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Transaction_resolves_conditional_references_and_conditional_creates()
    {
        var value = NewValue();
        using var existingResponse = await _client.PostAsync("Patient", FhirHttp.Json(WithIdentifier(value)));
        var existing = await FhirHttp.ReadAsync<Patient>(existingResponse);
        var newValue = NewValue();
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            Resource = new Observation { Status = ObservationStatus.Final, Code = new CodeableConcept("http://loinc.org", "29463-7"), Subject = new ResourceReference($"Patient?identifier={LocalSystem}|{value}") },
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Observation" },
        });
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            FullUrl = "urn:uuid:" + Guid.NewGuid(),
            Resource = WithIdentifier(value),
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Patient", IfNoneExist = $"identifier={LocalSystem}|{value}" },
        });
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            Resource = WithIdentifier(newValue),
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"Patient?identifier={LocalSystem}|{newValue}" },
        });

        using var response = await _client.PostAsync(string.Empty, FhirHttp.Json(bundle));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await FhirHttp.ReadAsync<Bundle>(response);
        Assert.Equal($"Patient/{existing.Id}", ((Observation)result.Entry[0].Resource).Subject.Reference);
        Assert.Equal("200 OK", result.Entry[1].Response.Status);
        Assert.Equal(existing.Id, result.Entry[1].Resource.Id);
        Assert.Equal("201 Created", result.Entry[2].Response.Status);
    }

    [Fact]
    public async Task Transaction_with_an_unresolvable_conditional_reference_fails_whole()
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            Resource = new Observation { Status = ObservationStatus.Final, Code = new CodeableConcept("http://loinc.org", "29463-7"), Subject = new ResourceReference($"Patient?identifier={LocalSystem}|{NewValue()}") },
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Observation" },
        });
        using var response = await _client.PostAsync(string.Empty, FhirHttp.Json(bundle));
        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        await FhirHttp.ReadAsync<OperationOutcome>(response);
    }
}

[Collection(SqliteServers.Name)]
public sealed class SqliteConditionalTests(SqliteServerFixture server) : ConditionalTests(server);

[Collection(PostgresServers.Name)]
public sealed class PostgresConditionalTests(PostgresServerFixture server) : ConditionalTests(server);
