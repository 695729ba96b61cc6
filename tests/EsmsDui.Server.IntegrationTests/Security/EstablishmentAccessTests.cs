using System.Collections.Concurrent;
using System.Net;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Security;

/// <summary>
/// Establishment-level access: a client limited to an ESMS reaches the usagers it manages or hosts (séjour) and
/// their records, by any path, and writes only for them; an organisme-level client reaches every usager. What it
/// may not reach is refused with 403 (or left out of searches), and every row leaves its AuditEvent.
/// </summary>
public abstract class EstablishmentAccessTests(ServerFixture server)
{
    private static readonly ConcurrentDictionary<ServerFixture, Lazy<Task<World>>> Worlds = new();

    // Who reaches what: "a" (limited to ESMS A), "b" (limited to ESMS B), "org" (organisme level, every ESMS).
    private static readonly Dictionary<string, string[]> Reach = new(StringComparer.Ordinal)
    {
        ["a"] = ["usagerA", "observationA"],
        ["b"] = ["usagerB", "observationB", "sejourB"],
        ["org"] = ["usagerA", "observationA", "usagerB", "observationB", "sejourB"],
    };

    public static TheoryData<string, string, string> Rows()
    {
        var rows = new TheoryData<string, string, string>();
        foreach (var role in Reach.Keys)
        {
            foreach (var target in new[] { "usagerA", "observationA", "usagerB", "observationB", "sejourB" })
            {
                foreach (var interaction in new[] { "read", "vread", "search", "history-instance", "update" })
                {
                    rows.Add(role, target, interaction);
                }
            }
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task A_client_reaches_the_records_of_its_establishments_usagers_only(string role, string target, string interaction)
    {
        var world = await WorldAsync();
        var (type, id) = world.Targets[target];
        using var client = Tokens.Client(server, world.Tokens[role]);
        var reachable = Reach[role].Contains(target);

        var start = DateTime.UtcNow.AddMilliseconds(-5).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        if (interaction == "search")
        {
            var found = await FhirHttp.ReadAsync<Bundle>(await client.GetAsync($"{type}?_id={id}"));
            Assert.Equal(reachable ? 1 : 0, found.Entry.Count);
        }
        else
        {
            using var response = interaction switch
            {
                "read" => await client.GetAsync($"{type}/{id}"),
                "vread" => await client.GetAsync($"{type}/{id}/_history/1"),
                "history-instance" => await client.GetAsync($"{type}/{id}/_history"),
                _ => await client.PutAsync($"{type}/{id}", FhirHttp.Json(await AdminReadAsync(world, type, id))),
            };
            Assert.Equal(reachable ? HttpStatusCode.OK : HttpStatusCode.Forbidden, response.StatusCode);
            if (!reachable)
            {
                Assert.Contains((await FhirHttp.ReadAsync<OperationOutcome>(response)).Issue, i => i.Code == OperationOutcome.IssueType.Forbidden);
            }
        }

        // The row's AuditEvent: this client, this interaction, with the answer's outcome (a search that found nothing succeeded).
        var where = interaction == "search" ? $"date=ge{start}" : $"entity={type}/{id}";
        var events = await AuditTrailReader.FindAsync(server, $"{where}&{AuditTrailReader.Agent(world.ClientIds[role])}&subtype=http://hl7.org/fhir/restful-interaction|{(interaction == "search" ? "search-type" : interaction)}");
        Assert.Contains(events, e => e.Outcome == (reachable || interaction == "search" ? AuditEvent.AuditEventOutcome.N0 : AuditEvent.AuditEventOutcome.N4));
    }

    [Theory]
    [InlineData("a", "usagerA", HttpStatusCode.Created)]
    [InlineData("a", "usagerB", HttpStatusCode.Forbidden)]
    [InlineData("b", "usagerB", HttpStatusCode.Created)]
    [InlineData("b", "usagerA", HttpStatusCode.Forbidden)]
    [InlineData("org", "usagerB", HttpStatusCode.Created)]
    public async Task A_client_records_observations_for_its_establishments_usagers_only(string role, string usager, HttpStatusCode expected)
    {
        var world = await WorldAsync();
        using var client = Tokens.Client(server, world.Tokens[role]);
        var observation = new Observation { Status = ObservationStatus.Final, Code = new CodeableConcept { Text = "tension" }, Subject = new ResourceReference($"Patient/{world.Targets[usager].Id}") };

        using var response = await client.PostAsync("Observation", FhirHttp.Json(observation));

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("a", "A", HttpStatusCode.Created)]
    [InlineData("a", "B", HttpStatusCode.Forbidden)]
    [InlineData("b", null, HttpStatusCode.Forbidden)]
    [InlineData("org", null, HttpStatusCode.Created)]
    public async Task A_limited_client_records_usagers_managed_by_its_establishments(string role, string? managing, HttpStatusCode expected)
    {
        var world = await WorldAsync();
        using var client = Tokens.Client(server, world.Tokens[role]);
        var patient = FhirHttp.NewPatient("Admission");
        patient.ManagingOrganization = managing is null ? null : new ResourceReference($"Organization/{world.Organizations[managing]}");

        using var response = await client.PostAsync("Patient", FhirHttp.Json(patient));

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Searches_includes_compartments_and_exports_of_a_limited_client_hold_its_usagers_only()
    {
        var world = await WorldAsync();
        using var a = Tokens.Client(server, world.Tokens["a"]);
        var (usagerA, usagerB) = (world.Targets["usagerA"].Id, world.Targets["usagerB"].Id);

        var patients = await FhirHttp.ReadAsync<Bundle>(await a.GetAsync($"Patient?_id={usagerA},{usagerB}&_revinclude=Observation:subject&_revinclude=Encounter:subject"));
        var observations = await FhirHttp.ReadAsync<Bundle>(await a.GetAsync($"Observation?subject=Patient/{usagerB}"));
        var system = await FhirHttp.ReadAsync<Bundle>(await a.GetAsync($"?_id={usagerA},{usagerB},{world.Targets["sejourB"].Id}"));

        Assert.All(patients.Entry, e => Assert.NotEqual(usagerB, e.Resource.Id));
        Assert.DoesNotContain(patients.Entry, e => e.Resource is Encounter);
        Assert.Contains(patients.Entry, e => e.Resource.Id == world.Targets["observationA"].Id);
        Assert.Empty(observations.Entry);
        Assert.Equal([$"Patient/{usagerA}"], system.Entry.Select(e => $"{e.Resource.TypeName}/{e.Resource.Id}"));
        Assert.Equal(HttpStatusCode.Forbidden, (await a.GetAsync($"Patient/{usagerB}/$everything")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await a.GetAsync($"Patient/{usagerB}/Observation")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await a.GetAsync("Observation/_history")).StatusCode);
        var everything = await FhirHttp.ReadAsync<Bundle>(await a.GetAsync($"Patient/{usagerA}/$everything"));
        Assert.Contains(everything.Entry, e => e.Resource.Id == world.Targets["observationA"].Id);
    }

    private async Task<World> WorldAsync() => await Worlds.GetOrAdd(server, s => new Lazy<Task<World>>(() => BuildAsync(s))).Value;

    private static async Task<World> BuildAsync(ServerFixture server)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        await Tokens.RegisterAsync(server, "esms-admin-" + suffix, "system/*.cruds");
        using var admin = Tokens.Client(server, await Tokens.GetAsync(server, "esms-admin-" + suffix, "system/*.cruds"));
        async Task<string> Create(Resource resource)
        {
            using var response = await admin.PostAsync(resource.TypeName, FhirHttp.Json(resource));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await FhirHttp.ReadAsync<Resource>(response)).Id!;
        }

        var esmsA = await Create(new Organization { Name = "EHPAD Les Tilleuls " + suffix });
        var esmsB = await Create(new Organization { Name = "SSIAD du Val " + suffix });
        var patientA = FhirHttp.NewPatient("Tilleuls");
        patientA.ManagingOrganization = new ResourceReference($"Organization/{esmsA}");
        var usagerA = await Create(patientA);
        var usagerB = await Create(FhirHttp.NewPatient("Val"));
        var sejourB = await Create(new Encounter
        {
            Status = Encounter.EncounterStatus.InProgress,
            Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "HH"),
            Subject = new ResourceReference($"Patient/{usagerB}"),
            ServiceProvider = new ResourceReference($"Organization/{esmsB}"),
        });
        Observation Weight(string usager) => new() { Status = ObservationStatus.Final, Code = new CodeableConcept { Text = "poids" }, Subject = new ResourceReference($"Patient/{usager}") };
        var observationA = await Create(Weight(usagerA));
        var observationB = await Create(Weight(usagerB));

        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        var clientIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (role, establishments) in new[] { ("a", new[] { esmsA }), ("b", new[] { esmsB }), ("org", Array.Empty<string>()) })
        {
            var clientId = $"esms-{role}-{suffix}";
            clientIds[role] = clientId;
            await Tokens.RegisterAsync(server, clientId, "system/*.cruds", establishments: establishments);

            tokens[role] = await Tokens.GetAsync(server, clientId, "system/*.cruds");
        }

        return new World(
            new Dictionary<string, (string, string)>(StringComparer.Ordinal)
            {
                ["usagerA"] = ("Patient", usagerA),
                ["observationA"] = ("Observation", observationA),
                ["usagerB"] = ("Patient", usagerB),
                ["observationB"] = ("Observation", observationB),
                ["sejourB"] = ("Encounter", sejourB),
            },
            new Dictionary<string, string>(StringComparer.Ordinal) { ["A"] = esmsA, ["B"] = esmsB },
            tokens,
            clientIds,
            await Tokens.GetAsync(server, "esms-admin-" + suffix, "system/*.cruds"));
    }

    private async Task<Resource> AdminReadAsync(World world, string type, string id)
    {
        using var admin = Tokens.Client(server, world.AdminToken);
        return await FhirHttp.ReadAsync<Resource>(await admin.GetAsync($"{type}/{id}"));
    }

    private sealed record World(
        IReadOnlyDictionary<string, (string Type, string Id)> Targets,
        IReadOnlyDictionary<string, string> Organizations,
        IReadOnlyDictionary<string, string> Tokens,
        IReadOnlyDictionary<string, string> ClientIds,
        string AdminToken);
}

[Collection(SecuredSqliteServers.Name)]
public sealed class SqliteEstablishmentAccessTests(SecuredSqliteServer server) : EstablishmentAccessTests(server);

[Collection(SecuredPostgresServers.Name)]
public sealed class PostgresEstablishmentAccessTests(SecuredPostgresServer server) : EstablishmentAccessTests(server);
