using System.Net;
using System.Text;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Security;

/// <summary>
/// Every read, search, write, export, sign-in and denied access leaves an AuditEvent (who, when, what, outcome,
/// address); the trail is append-only and readable by auditors only; it answers "who opened this usager's record".
/// </summary>
public abstract class AuditTests(ServerFixture server)
{
    private const string Restful = "http://hl7.org/fhir/restful-interaction";

    [Fact]
    public async Task Who_opened_a_usagers_record_is_answered_by_the_trail()
    {
        var (clientId, client) = await ClientAsync("system/*.cruds");
        var patient = await CreateAsync(client, FhirHttp.NewPatient("Tracé"));
        var observation = await CreateAsync(client, new Observation { Status = ObservationStatus.Final, Code = new CodeableConcept { Text = "poids" }, Subject = new ResourceReference($"Patient/{patient}") });
        var (readerId, reader) = await ClientAsync("system/Observation.rs");

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"Observation/{observation}")).StatusCode);

        var events = await AuditTrailReader.FindAsync(server, $"entity=Patient/{patient}&{AuditTrailReader.Agent(readerId)}");
        var read = Assert.Single(events, e => e.Subtype.Any(s => s.Code == "read"));
        Assert.Equal(AuditEvent.AuditEventAction.R, read.Action);
        Assert.Equal(AuditEvent.AuditEventOutcome.N0, read.Outcome);
        Assert.Equal("127.0.0.1", read.Agent[0].Network.Address);
        Assert.Contains(read.Entity, e => e.What?.Reference == $"Observation/{observation}");
        var creations = await AuditTrailReader.FindAsync(server, $"entity=Patient/{patient}&{AuditTrailReader.Agent(clientId)}&action=C", atLeast: 2);
        Assert.Equal(2, creations.Count);
    }

    [Fact]
    public async Task A_search_is_recorded_with_its_query_and_the_usagers_it_returned()
    {
        var (clientId, client) = await ClientAsync("system/Patient.crs");
        var family = "Recherche" + Guid.NewGuid().ToString("N")[..6];
        var patient = await CreateAsync(client, FhirHttp.NewPatient(family));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"Patient?family={family}")).StatusCode);

        var search = Assert.Single(await AuditTrailReader.FindAsync(server, $"{AuditTrailReader.Agent(clientId)}&subtype={Restful}|search-type"));
        Assert.Contains(search.Entity, e => e.What?.Reference == $"Patient/{patient}");
        Assert.Contains(search.Entity, e => e.Query is { } query && Encoding.UTF8.GetString(query).Contains(family, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Denied_and_unauthenticated_requests_are_recorded_as_failures()
    {
        var (clientId, client) = await ClientAsync("system/Patient.rs");
        var patient = "refus-" + Guid.NewGuid().ToString("N")[..8];

        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync($"Patient/{patient}")).StatusCode);
        using var anonymous = Tokens.Client(server, token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"Patient/{patient}")).StatusCode);

        var events = await AuditTrailReader.FindAsync(server, $"entity=Patient/{patient}", atLeast: 2);
        var denied = Assert.Single(events, e => e.Action == AuditEvent.AuditEventAction.D);
        Assert.Equal(AuditEvent.AuditEventOutcome.N4, denied.Outcome);
        Assert.StartsWith("403", denied.OutcomeDesc, StringComparison.Ordinal);
        Assert.Equal(clientId, denied.Agent[0].Who.Identifier.Value);
        var unauthenticated = Assert.Single(events, e => e.Agent[0].Who.Display == "anonymous");
        Assert.StartsWith("401", unauthenticated.OutcomeDesc, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_to_a_tenant_that_does_not_exist_is_recorded_in_the_default_tenant()
    {
        var (clientId, _) = await ClientAsync("system/Patient.rs");
        var token = await Tokens.GetAsync(server, clientId, "system/Patient.rs");
        using var unknown = Tokens.Client(server, token, "inexistant-" + clientId);
        var start = DateTime.UtcNow.AddMilliseconds(-5).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(HttpStatusCode.Unauthorized, (await unknown.GetAsync("Patient?_count=1")).StatusCode);

        // Found from the default tenant: the refusal is recorded there, not under the made-up one.
        var recorded = await AuditTrailReader.FindAsync(server, $"date=ge{start}&outcome=4");
        Assert.Contains(recorded, e => e.OutcomeDesc.Contains("another tenant", StringComparison.Ordinal) && e.Source.Site is null);
    }

    [Fact]
    public async Task Sign_ins_are_recorded_granted_or_refused()
    {
        var (clientId, _) = await ClientAsync("system/Patient.rs");
        using var refused = await Tokens.RequestAsync(server, [new("grant_type", "client_credentials"), new("client_id", clientId), new("client_secret", "wrong"), new("scope", "system/Patient.rs")]);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        var events = await AuditTrailReader.FindAsync(server, $"{AuditTrailReader.Agent(clientId)}&type=http://dicom.nema.org/resources/ontology/DCM|110114", atLeast: 2);

        Assert.Contains(events, e => e.Outcome == AuditEvent.AuditEventOutcome.N0);
        Assert.Contains(events, e => e.Outcome == AuditEvent.AuditEventOutcome.N4 && e.OutcomeDesc.Contains("invalid_client", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_trail_is_append_only_and_read_by_auditors_only()
    {
        var (_, client) = await ClientAsync("system/Patient.rs");
        await client.GetAsync("Patient?_count=1");
        var recorded = (await AuditTrailReader.FindAsync(server, "subtype=" + Restful + "|search-type"))[0];
        var (_, auditor) = await ClientAsync("system/AuditEvent.cruds");
        var (_, everyone) = await ClientAsync("system/*.cruds");

        using (var put = await auditor.PutAsync($"AuditEvent/{recorded.Id}", FhirHttp.Json(recorded)))
        {
            Assert.True(put.StatusCode == HttpStatusCode.MethodNotAllowed, await put.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await auditor.DeleteAsync($"AuditEvent/{recorded.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await auditor.PatchAsync($"AuditEvent/{recorded.Id}", new StringContent("""[{"op":"remove","path":"/entity"}]""", Encoding.UTF8, "application/json-patch+json"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await everyone.GetAsync("AuditEvent?_count=1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await everyone.GetAsync($"AuditEvent/{recorded.Id}")).StatusCode);
        var systemSearch = await FhirHttp.ReadAsync<Bundle>(await everyone.GetAsync($"?_id={recorded.Id}"));
        Assert.Empty(systemSearch.Entry);
    }

    private async Task<(string ClientId, HttpClient Client)> ClientAsync(string scopes)
    {
        var clientId = "audit-" + Guid.NewGuid().ToString("N")[..10];
        await Tokens.RegisterAsync(server, clientId, scopes);
        return (clientId, Tokens.Client(server, await Tokens.GetAsync(server, clientId, scopes)));
    }

    private static async Task<string> CreateAsync(HttpClient client, Resource resource)
    {
        using var response = await client.PostAsync(resource.TypeName, FhirHttp.Json(resource));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await FhirHttp.ReadAsync<Resource>(response)).Id!;
    }
}

[Collection(SecuredSqliteServers.Name)]
public sealed class SqliteAuditTests(SecuredSqliteServer server) : AuditTests(server);

[Collection(SecuredPostgresServers.Name)]
public sealed class PostgresAuditTests(SecuredPostgresServer server) : AuditTests(server);
