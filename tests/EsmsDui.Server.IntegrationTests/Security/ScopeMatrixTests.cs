using System.Collections.Concurrent;
using System.Net;
using System.Text;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Security;

/// <summary>
/// SMART scope × resource type × interaction: every row with a real token from the running server; a denial is a
/// 403 OperationOutcome and changes nothing; each row leaves its AuditEvent (client, interaction, outcome).
/// </summary>
public abstract class ScopeMatrixTests(ServerFixture server)
{
    // What each scope grants, written out from the SMART App Launch 2.0 definition (v1 read = r+s, write = c+u+d).
    private static readonly Dictionary<string, (string Type, string Letters)> Grants = new(StringComparer.Ordinal)
    {
        ["system/*.cruds"] = ("*", "cruds"),
        ["system/*.rs"] = ("*", "rs"),
        ["system/Patient.rs"] = ("Patient", "rs"),
        ["system/Observation.cu"] = ("Observation", "cu"),
        ["system/Patient.read"] = ("Patient", "rs"),
        ["system/*.write"] = ("*", "cud"),
        ["system/Encounter.crud"] = ("Encounter", "crud"),
    };

    private static readonly Dictionary<string, char> Letter = new(StringComparer.Ordinal)
    {
        ["read"] = 'r',
        ["vread"] = 'r',
        ["search"] = 's',
        ["create"] = 'c',
        ["update"] = 'u',
        ["patch"] = 'u',
        ["delete"] = 'd',
        ["history-instance"] = 'r',
        ["history-type"] = 'r',
    };

    private static readonly ConcurrentDictionary<(ServerFixture, string), Lazy<Task<(string Token, DateTime At)>>> TokenCache = new();

    public static TheoryData<string, string, string> Rows()
    {
        var rows = new TheoryData<string, string, string>();
        foreach (var scope in Grants.Keys)
        {
            foreach (var type in new[] { "Patient", "Observation", "Encounter" })
            {
                foreach (var interaction in Letter.Keys)
                {
                    rows.Add(scope, type, interaction);
                }
            }
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task A_token_allows_exactly_what_its_scope_grants(string scope, string type, string interaction)
    {
        var (grantedType, letters) = Grants[scope];
        var allowed = (grantedType == "*" || grantedType == type) && letters.Contains(Letter[interaction], StringComparison.Ordinal);
        var id = await AdminCreateAsync(type);
        using var client = Tokens.Client(server, await TokenAsync(scope));
        var start = DateTime.UtcNow.AddMilliseconds(-5).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);

        using var response = await SendAsync(client, type, id, interaction);

        if (allowed)
        {
            Assert.True(response.IsSuccessStatusCode, $"{scope} {interaction} {type}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        else
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var outcome = await FhirHttp.ReadAsync<OperationOutcome>(response);
            Assert.Contains(outcome.Issue, i => i.Code == OperationOutcome.IssueType.Forbidden);
            Assert.Equal(1, await AdminVersionsAsync(type, id));
        }

        // The AuditEvent of the row: this client, this interaction, on this resource (or since the row began when the
        // URL names none), with the outcome of the answer.
        var subtype = interaction is "search" ? "search-type" : interaction;
        var where = interaction is "create" or "search" or "history-type" ? $"date=ge{start}" : $"entity={type}/{id}";
        var events = await AuditTrailReader.FindAsync(server, $"{where}&{AuditTrailReader.Agent(ClientId(scope))}&subtype=http://hl7.org/fhir/restful-interaction|{subtype}");
        Assert.Contains(events, e => e.Outcome == (allowed ? AuditEvent.AuditEventOutcome.N0 : AuditEvent.AuditEventOutcome.N4));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string type, string id, string interaction) => interaction switch
    {
        "read" => await client.GetAsync($"{type}/{id}"),
        "vread" => await client.GetAsync($"{type}/{id}/_history/1"),
        "search" => await client.GetAsync($"{type}?_id={id}"),
        "create" => await client.PostAsync(type, FhirHttp.Json(New(type, null))),
        "update" => await client.PutAsync($"{type}/{id}", FhirHttp.Json(New(type, id))),
        "patch" => await client.PatchAsync($"{type}/{id}", new StringContent("""[{"op":"add","path":"/meta/tag","value":[{"code":"patched"}]}]""", Encoding.UTF8, "application/json-patch+json")),
        "delete" => await client.DeleteAsync($"{type}/{id}"),
        "history-instance" => await client.GetAsync($"{type}/{id}/_history"),
        _ => await client.GetAsync($"{type}/_history?_count=1"),
    };

    private static Resource New(string type, string? id) => type switch
    {
        "Patient" => new Patient { Id = id, Name = [new HumanName { Family = "Matrice" }] },
        "Observation" => new Observation { Id = id, Status = ObservationStatus.Final, Code = new CodeableConcept { Text = "poids" } },
        _ => new Encounter { Id = id, Status = Encounter.EncounterStatus.Finished, Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB") },
    };

    private async Task<string> AdminCreateAsync(string type)
    {
        using var admin = Tokens.Client(server, await TokenAsync("system/*.cruds"));
        using var response = await admin.PostAsync(type, FhirHttp.Json(New(type, null)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await FhirHttp.ReadAsync<Resource>(response)).Id!;
    }

    private async Task<int?> AdminVersionsAsync(string type, string id)
    {
        using var admin = Tokens.Client(server, await TokenAsync("system/*.cruds"));
        return (await FhirHttp.ReadAsync<Bundle>(await admin.GetAsync($"{type}/{id}/_history"))).Total;
    }

    // One client per scope, registered once per server; its token renewed before it expires (5 minutes).
    private async Task<string> TokenAsync(string scope)
    {
        var key = (server, scope);
        var entry = await TokenCache.GetOrAdd(key, _ => new Lazy<Task<(string, DateTime)>>(() => FreshAsync(scope, register: true))).Value;
        if (DateTime.UtcNow - entry.At > TimeSpan.FromMinutes(4))
        {
            entry = await FreshAsync(scope, register: false);
            TokenCache[key] = new Lazy<Task<(string, DateTime)>>(Task.FromResult(entry));
        }

        return entry.Token;
    }

    private static string ClientId(string scope) =>
        "matrix-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(scope)))[..12].ToLowerInvariant();

    private async Task<(string, DateTime)> FreshAsync(string scope, bool register)
    {
        var clientId = ClientId(scope);
        if (register)
        {
            await Tokens.RegisterAsync(server, clientId, scope);
        }

        return (await Tokens.GetAsync(server, clientId, scope), DateTime.UtcNow);
    }
}

[Collection(SecuredSqliteServers.Name)]
public sealed class SqliteScopeMatrixTests(SecuredSqliteServer server) : ScopeMatrixTests(server);

[Collection(SecuredPostgresServers.Name)]
public sealed class PostgresScopeMatrixTests(SecuredPostgresServer server) : ScopeMatrixTests(server);
