using System.Net;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Rest;

public abstract class BundleTests(ServerFixture server)
{
    private readonly HttpClient _client = server.Client;

    [Fact]
    public async Task Transaction_resolves_urn_uuid_references_and_answers_one_entry_per_request_in_order()
    {
        var patientUrn = "urn:uuid:" + Guid.NewGuid();
        var existing = await FhirHttp.CreatePatientAsync(_client, "Existant");
        var other = await FhirHttp.CreatePatientAsync(_client, "Autre");
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            FullUrl = "urn:uuid:" + Guid.NewGuid(),
            Resource = new Observation { Status = ObservationStatus.Final, Code = new CodeableConcept("http://loinc.org", "29463-7"), Subject = new ResourceReference(patientUrn) },
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Observation" },
        });
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            FullUrl = patientUrn,
            Resource = FhirHttp.NewPatient("Nouveau"),
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Patient" },
        });
        bundle.Entry.Add(new Bundle.EntryComponent { Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.GET, Url = $"Patient/{other.Id}" } });
        bundle.Entry.Add(new Bundle.EntryComponent { Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.DELETE, Url = $"Patient/{existing.Id}" } });

        using var response = await _client.PostAsync(string.Empty, FhirHttp.Json(bundle));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await FhirHttp.ReadAsync<Bundle>(response);
        Assert.Equal(Bundle.BundleType.TransactionResponse, result.Type);
        Assert.Equal(["201 Created", "201 Created", "200 OK", "204 No Content"], result.Entry.Select(e => e.Response.Status));
        var observation = (Observation)result.Entry[0].Resource;
        var patient = (Patient)result.Entry[1].Resource;
        Assert.Equal($"Patient/{patient.Id}", observation.Subject.Reference);
        Assert.Equal(other.Id, result.Entry[2].Resource.Id);
        using var gone = await _client.GetAsync($"Patient/{existing.Id}");
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
    }

    [Fact]
    public async Task Transaction_with_one_invalid_entry_changes_nothing()
    {
        var existing = await FhirHttp.CreatePatientAsync(_client, "Intact");
        var marker = Guid.NewGuid().ToString("N");
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            Resource = new Basic { Code = new CodeableConcept("urn:test", marker) },
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Basic" },
        });
        bundle.Entry.Add(new Bundle.EntryComponent { Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.DELETE, Url = $"Patient/{existing.Id}" } });
        var wrongId = FhirHttp.NewPatient();
        wrongId.Id = "not-the-url-id";
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            Resource = wrongId,
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = "Patient/another" },
        });

        var basicsBefore = (await FhirHttp.ReadAsync<Bundle>(await _client.GetAsync("Basic/_history?_count=0"))).Total;
        using var response = await _client.PostAsync(string.Empty, FhirHttp.Json(bundle));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var outcome = await FhirHttp.ReadAsync<OperationOutcome>(response);
        Assert.Contains("Bundle.entry[2]", outcome.Issue[0].Diagnostics);

        using var read = await _client.GetAsync($"Patient/{existing.Id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var basicsAfter = (await FhirHttp.ReadAsync<Bundle>(await _client.GetAsync("Basic/_history?_count=0"))).Total;
        Assert.Equal(basicsBefore, basicsAfter);
    }

    [Fact]
    public async Task Transaction_entry_whose_resource_is_not_of_its_url_type_is_refused_and_nothing_is_written()
    {
        var marker = Guid.NewGuid().ToString("N");
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = "urn:uuid:" + Guid.NewGuid(), Resource = FhirHttp.NewPatient(marker), Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Patient" } });
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = "urn:uuid:" + Guid.NewGuid(), Resource = new Organization { Name = marker }, Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Patient" } });

        using var response = await _client.PostAsync(string.Empty, FhirHttp.Json(bundle));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var outcome = await FhirHttp.ReadAsync<OperationOutcome>(response);
        Assert.Contains("Bundle.entry[1].request.url", outcome.Issue[0].Expression);
        Assert.Empty((await FhirHttp.ReadAsync<Bundle>(await _client.GetAsync($"Patient?family={marker}"))).Entry);
        Assert.Empty((await FhirHttp.ReadAsync<Bundle>(await _client.GetAsync($"Organization?name={marker}"))).Entry);
    }

    [Fact]
    public async Task A_search_in_a_transaction_does_not_answer_what_the_transaction_deletes()
    {
        var patient = await FhirHttp.CreatePatientAsync(_client, "Everything");
        using var created = await _client.PostAsync("Observation", FhirHttp.Json(new Observation { Status = ObservationStatus.Final, Code = new CodeableConcept("http://loinc.org", "8867-4"), Subject = new ResourceReference($"Patient/{patient.Id}") }));
        var observation = await FhirHttp.ReadAsync<Observation>(created);
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        bundle.Entry.Add(new Bundle.EntryComponent { Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.DELETE, Url = $"Observation/{observation.Id}" } });
        bundle.Entry.Add(new Bundle.EntryComponent { Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.GET, Url = $"Patient/{patient.Id}/$everything" } });
        bundle.Entry.Add(new Bundle.EntryComponent { Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.GET, Url = $"Observation?subject=Patient/{patient.Id}" } });

        using var response = await _client.PostAsync(string.Empty, FhirHttp.Json(bundle));

        var result = await FhirHttp.ReadAsync<Bundle>(response);
        Assert.All(result.Entry.Skip(1), e => Assert.DoesNotContain(((Bundle)e.Resource).Entry, found => found.Resource?.Id == observation.Id));
        Assert.Contains(((Bundle)result.Entry[1].Resource).Entry, found => found.Resource?.Id == patient.Id);
    }

    [Fact]
    public async Task Transaction_touching_the_same_resource_twice_is_rejected()
    {
        var existing = await FhirHttp.CreatePatientAsync(_client);
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        bundle.Entry.Add(new Bundle.EntryComponent { Resource = existing, Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"Patient/{existing.Id}" } });
        bundle.Entry.Add(new Bundle.EntryComponent { Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.DELETE, Url = $"Patient/{existing.Id}" } });
        using var response = await _client.PostAsync(string.Empty, FhirHttp.Json(bundle));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Batch_entries_succeed_or_fail_independently()
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Batch };
        bundle.Entry.Add(new Bundle.EntryComponent { Resource = FhirHttp.NewPatient("Batch"), Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Patient" } });
        bundle.Entry.Add(new Bundle.EntryComponent { Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.GET, Url = "Patient/missing-one" } });
        bundle.Entry.Add(new Bundle.EntryComponent { Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.GET, Url = "metadata" } });

        using var response = await _client.PostAsync(string.Empty, FhirHttp.Json(bundle));
        var result = await FhirHttp.ReadAsync<Bundle>(response);
        Assert.Equal(Bundle.BundleType.BatchResponse, result.Type);
        Assert.StartsWith("201", result.Entry[0].Response.Status);
        Assert.StartsWith("404", result.Entry[1].Response.Status);
        Assert.IsType<OperationOutcome>(result.Entry[1].Response.Outcome);
        Assert.IsType<CapabilityStatement>(result.Entry[2].Resource);
        using var created = await _client.GetAsync($"Patient/{((Patient)result.Entry[0].Resource).Id}");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
    }

    [Fact]
    public async Task Posting_a_collection_bundle_to_the_base_returns_400()
    {
        using var response = await _client.PostAsync(string.Empty, FhirHttp.Json(new Bundle { Type = Bundle.BundleType.Collection }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await FhirHttp.ReadAsync<OperationOutcome>(response);
    }
}

[Collection(SqliteServers.Name)]
public sealed class SqliteBundleTests(SqliteServerFixture server) : BundleTests(server);

[Collection(PostgresServers.Name)]
public sealed class PostgresBundleTests(PostgresServerFixture server) : BundleTests(server);
