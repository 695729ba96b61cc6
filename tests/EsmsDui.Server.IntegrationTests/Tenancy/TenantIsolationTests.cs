using System.Net;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Tenancy;

/// <summary>
/// Two tenants (organismes gestionnaires) on one server: neither sees the other's usagers by read, vread, search,
/// chain, _has, include, revinclude, history or $everything, nor changes them; conformance resources are shared.
/// </summary>
public abstract class TenantIsolationTests(ServerFixture server) : IDisposable
{
    private readonly HttpClient _alpha = Client(server, "alpha");
    private readonly HttpClient _beta = Client(server, "beta");

    public void Dispose()
    {
        _alpha.Dispose();
        _beta.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_tenant_never_sees_another_tenants_usager()
    {
        var (patient, observation, family) = await RecordInAlphaAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await _beta.GetAsync($"Patient/{patient}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _beta.GetAsync($"Patient/{patient}/_history/1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _beta.GetAsync($"Patient/{patient}/$everything")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _beta.GetAsync($"Observation/{observation}")).StatusCode);
        foreach (var query in new[]
        {
            $"Patient?_id={patient}", $"Patient?family={family}", $"Observation?subject=Patient/{patient}", $"Observation?subject.family={family}",
            $"Patient?_has:Observation:subject:code=29463-7&family={family}", $"Observation?_id={observation}&_include=Observation:subject",
            $"Patient/{patient}/Observation", $"Patient/{patient}/*",
        })
        {
            var bundle = await FhirHttp.ReadAsync<Bundle>(await _beta.GetAsync(query));
            Assert.True(bundle.Entry.All(e => e.Resource is OperationOutcome), query);
        }

        var history = await FhirHttp.ReadAsync<Bundle>(await _beta.GetAsync("_history?_count=1000"));
        Assert.DoesNotContain(history.Entry, e => e.Resource?.Id == patient || e.Request?.Url?.Contains(patient, StringComparison.Ordinal) == true);
        var typeHistory = await FhirHttp.ReadAsync<Bundle>(await _beta.GetAsync("Patient/_history?_count=1000"));
        Assert.DoesNotContain(typeHistory.Entry, e => e.Resource?.Id == patient);

        // Nor does the default tenant (/fhir).
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync($"Patient/{patient}")).StatusCode);

        // Its own tenant sees it, with includes and revincludes.
        var own = await FhirHttp.ReadAsync<Bundle>(await _alpha.GetAsync($"Patient?_id={patient}&_revinclude=Observation:subject"));
        Assert.Equal(2, own.Entry.Count);
    }

    [Fact]
    public async Task A_tenant_cannot_change_or_delete_another_tenants_usager_and_ids_are_per_tenant()
    {
        var (patient, _, family) = await RecordInAlphaAsync();

        // The same id in beta is beta's own resource (created by update), not alpha's.
        var intruder = FhirHttp.NewPatient("Intrus");
        intruder.Id = patient;
        using (var put = await _beta.PutAsync($"Patient/{patient}", FhirHttp.Json(intruder)))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
            Assert.Contains("/t/beta/fhir/Patient/", put.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        (await _beta.DeleteAsync($"Patient/{patient}")).EnsureSuccessStatusCode();

        var alphas = await FhirHttp.ReadAsync<Patient>(await _alpha.GetAsync($"Patient/{patient}"));
        Assert.Equal(family, alphas.Name[0].Family);
        Assert.Equal("1", alphas.Meta.VersionId);
    }

    [Fact]
    public async Task Duplicate_rules_and_transactions_stay_within_a_tenant()
    {
        var ins = TestIns.Next();
        await CreateAsync(_alpha, Usager("Alpha", ins));

        // Another organisme gestionnaire may record the same person.
        await CreateAsync(_beta, Usager("Beta", ins));
        using var again = await _alpha.PostAsync("Patient", FhirHttp.Json(Usager("Alpha", ins)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
    }

    [Fact]
    public async Task Conformance_resources_are_shared_and_an_unknown_tenant_gets_404()
    {
        var url = $"https://esms.example.fr/ValueSet/shared-{Guid.NewGuid():N}";
        await CreateAsync(_alpha, new ValueSet { Url = url, Status = PublicationStatus.Active });
        var found = await FhirHttp.ReadAsync<Bundle>(await _beta.GetAsync($"ValueSet?url={url}"));
        Assert.Equal(1, found.Total);

        using var gamma = Client(server, "gamma");
        using var unknown = await gamma.GetAsync("metadata");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await FhirHttp.ReadAsync<OperationOutcome>(unknown);
    }

    private async Task<(string Patient, string Observation, string Family)> RecordInAlphaAsync()
    {
        var family = "Tenant" + Guid.NewGuid().ToString("N")[..8];
        var patient = await CreateAsync(_alpha, Usager(family, TestIns.Next()));
        var observation = await CreateAsync(_alpha, new Observation
        {
            Status = ObservationStatus.Final,
            Code = new CodeableConcept("http://loinc.org", "29463-7"),
            Subject = new ResourceReference($"Patient/{patient}"),
        });
        return (patient, observation, family);
    }

    private static Patient Usager(string family, string ins)
    {
        var patient = FhirHttp.NewPatient(family);
        patient.Identifier.Add(new Identifier("urn:oid:1.2.250.1.213.1.4.8", ins));
        return patient;
    }

    private static async Task<string> CreateAsync(HttpClient client, Resource resource)
    {
        using var response = await client.PostAsync(resource.TypeName, FhirHttp.Json(resource));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await FhirHttp.ReadAsync<Resource>(response)).Id!;
    }

    private static HttpClient Client(ServerFixture server, string tenant) =>
        new() { BaseAddress = new Uri(server.BaseUrl[..^"/fhir".Length] + $"/t/{tenant}/fhir/") };
}

/// <summary>A SQLite server hosting the tenants alpha and beta.</summary>
public sealed class TwoTenantsSqliteServer : SqliteServerFixture
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => TwoTenants.Settings;
}

/// <summary>A PostgreSQL server hosting the tenants alpha and beta.</summary>
public sealed class TwoTenantsPostgresServer : PostgresServerFixture
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => TwoTenants.Settings;
}

internal static class TwoTenants
{
    public static IEnumerable<KeyValuePair<string, string>> Settings => [new("Tenancy:Tenants:0", "alpha"), new("Tenancy:Tenants:1", "beta")];
}

public sealed class SqliteTenantIsolationTests(TwoTenantsSqliteServer server) : TenantIsolationTests(server), IClassFixture<TwoTenantsSqliteServer>;

public sealed class PostgresTenantIsolationTests(TwoTenantsPostgresServer server) : TenantIsolationTests(server), IClassFixture<TwoTenantsPostgresServer>;
