using System.Net;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Rest;

public abstract class HistoryTests(ServerFixture server)
{
    private readonly HttpClient _client = server.Client;

    [Fact]
    public async Task Instance_history_returns_every_version_newest_first_with_methods()
    {
        var patient = await FhirHttp.CreatePatientAsync(_client);
        patient.Gender = AdministrativeGender.Male;
        (await _client.PutAsync($"Patient/{patient.Id}", FhirHttp.Json(patient))).Dispose();
        (await _client.DeleteAsync($"Patient/{patient.Id}")).Dispose();

        var bundle = await FhirHttp.ReadAsync<Bundle>(await _client.GetAsync($"Patient/{patient.Id}/_history"));
        Assert.Equal(Bundle.BundleType.History, bundle.Type);
        Assert.Equal(3, bundle.Total);
        Assert.Equal([Bundle.HTTPVerb.DELETE, Bundle.HTTPVerb.PUT, Bundle.HTTPVerb.POST], bundle.Entry.Select(e => e.Request.Method!.Value));
        Assert.Equal(["W/\"3\"", "W/\"2\"", "W/\"1\""], bundle.Entry.Select(e => e.Response.Etag));
        Assert.Null(bundle.Entry[0].Resource);
        Assert.Equal(AdministrativeGender.Male, ((Patient)bundle.Entry[1].Resource).Gender);
    }

    [Fact]
    public async Task Type_history_pages_with_next_links_until_every_version_is_seen()
    {
        var type = "Basic";
        var ids = new HashSet<string>();
        for (var i = 0; i < 7; i++)
        {
            using var created = await _client.PostAsync(type, FhirHttp.Json(new Basic { Code = new CodeableConcept("urn:test", "page") }));
            ids.Add((await FhirHttp.ReadAsync<Basic>(created)).Id);
        }

        var seen = new List<string>();
        var url = $"{type}/_history?_count=3";
        var pages = 0;
        while (url is not null && pages++ < 100)
        {
            var page = await FhirHttp.ReadAsync<Bundle>(await _client.GetAsync(url));
            Assert.True(page.Entry.Count <= 3);
            seen.AddRange(page.Entry.Select(e => e.Resource.Id));
            url = page.Link.FirstOrDefault(l => l.Relation == "next")?.Url;
        }

        Assert.Subset(seen.ToHashSet(), ids);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task System_history_since_returns_only_later_versions()
    {
        var before = await FhirHttp.CreatePatientAsync(_client, "Avant");
        await Task.Delay(20);
        var since = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        var after = await FhirHttp.CreatePatientAsync(_client, "Après");

        var bundle = await FhirHttp.ReadAsync<Bundle>(await _client.GetAsync($"_history?_since={Uri.EscapeDataString(since.ToString("yyyy-MM-ddTHH:mm:ss.fffK"))}&_count=1000"));
        var ids = bundle.Entry.Select(e => e.Resource?.Id).ToList();
        Assert.Contains(after.Id, ids);
        Assert.DoesNotContain(before.Id, ids);
    }

    [Fact]
    public async Task History_at_returns_the_version_current_at_that_time()
    {
        var patient = await FhirHttp.CreatePatientAsync(_client);
        await Task.Delay(20);
        var at = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        patient.Gender = AdministrativeGender.Male;
        (await _client.PutAsync($"Patient/{patient.Id}", FhirHttp.Json(patient))).Dispose();

        var bundle = await FhirHttp.ReadAsync<Bundle>(await _client.GetAsync($"Patient/{patient.Id}/_history?_at={Uri.EscapeDataString(at.ToString("yyyy-MM-ddTHH:mm:ss.fffK"))}"));
        Assert.Equal("W/\"1\"", Assert.Single(bundle.Entry).Response.Etag);
    }

    [Fact]
    public async Task History_with_a_malformed_since_returns_400()
    {
        using var response = await _client.GetAsync("_history?_since=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await FhirHttp.ReadAsync<OperationOutcome>(response);
    }
}

[Collection(SqliteServers.Name)]
public sealed class SqliteHistoryTests(SqliteServerFixture server) : HistoryTests(server);

[Collection(PostgresServers.Name)]
public sealed class PostgresHistoryTests(PostgresServerFixture server) : HistoryTests(server);
