using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Dossier;

/// <summary>
/// TDDUI flux 1.1 both ways on servers with the official packages: a published bundle imported, exported as a
/// <c>tddui-bundle</c> that validates with no error, imported into a fresh server, exported again: the same record.
/// </summary>
public abstract partial class TdduiExchangeTests(ServerFixture sender, ServerFixture receiver)
{
    private const string LocalUsager = "https://identifiant-medicosocial-localusager.esante.gouv.fr";
    private const string Nir = "urn:oid:1.2.250.1.213.1.4.8";
    private const string BirthOrder = "https://interop.esante.gouv.fr/ig/fhir/tddui/StructureDefinition/tddui-birth-order";
    private static readonly string Examples = Path.Combine(FrenchProfiles.PackageFolder, "examples", "tddui-2.2.0");

    [Theory]
    [InlineData("Bundle-tddui-bundle-example.json")]
    [InlineData("Bundle-tddui-pp-pa-bundle-example.json")]
    [InlineData("Bundle-tddui-pp-ime-bundle-example.json")]
    public async Task Export_imported_into_a_fresh_server_and_exported_again_gives_the_same_record(string example)
    {
        var usager = await ImportAsync(sender, Unique(Example(example)));

        var first = await ExportAsync(sender, usager);
        await AssertValidAsync(first);
        var copy = await ImportAsync(receiver, JsonNode.Parse(System.Text.Encoding.UTF8.GetString(FhirHttp.Serializer.SerializeJson(first)))!.AsObject());
        var second = await ExportAsync(receiver, copy);

        Assert.Equal(Normalized(first), Normalized(second));
        Assert.All(first.Entry, e => Assert.Equal(Bundle.HTTPVerb.POST, e.Request.Method));
    }

    [Fact]
    public async Task An_identity_that_is_not_qualified_is_exported_without_its_INS_and_still_validates()
    {
        var bundle = Provisional(Unique(Example("Bundle-tddui-bundle-example.json")));
        bundle["entry"]![0]!["resource"]!["_birthDate"] = new JsonObject
        {
            ["extension"] = new JsonArray(new JsonObject { ["url"] = BirthOrder, ["valuePositiveInt"] = 1 }),
        };
        var usager = await ImportAsync(sender, bundle);

        var export = await ExportAsync(sender, usager);

        Assert.DoesNotContain(Nir, System.Text.Encoding.UTF8.GetString(FhirHttp.Serializer.SerializeJson(export)), StringComparison.Ordinal);
        Assert.Equal(["https://interop.esante.gouv.fr/ig/fhir/tddui/StructureDefinition/tddui-patient"], export.Entry[0].Resource.Meta.Profile);
        await AssertValidAsync(export);
    }

    [Fact]
    public async Task A_record_that_would_not_make_a_valid_TDDUI_bundle_is_refused_with_what_is_missing()
    {
        // Without INS, TDDUI asks for the birth rank, which the published INS example does not carry.
        var usager = await ImportAsync(sender, Provisional(Unique(Example("Bundle-tddui-bundle-example.json"))));

        using var response = await sender.Client.GetAsync($"Patient/{usager}/$tddui-export");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var outcome = await FhirHttp.ReadAsync<OperationOutcome>(response);
        Assert.Contains(outcome.Issue, i => i.Diagnostics.Contains("tddui-birth-order", StringComparison.Ordinal));
    }

    private static JsonObject Provisional(JsonObject bundle)
    {
        var patient = bundle["entry"]![0]!["resource"]!;
        patient["extension"]!.AsArray().Single(e => e!["url"]!.GetValue<string>().EndsWith("identity-reliability", StringComparison.Ordinal))!["extension"]![0]!["valueCoding"]!["code"] = "PROV";
        return bundle;
    }

    [Fact]
    public async Task A_usager_without_TDDUI_profile_cannot_be_exported_as_a_TDDUI_bundle()
    {
        var patient = FhirHttp.NewPatient("Export");
        using var created = await sender.Client.PostAsync("Patient", FhirHttp.Json(patient));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await FhirHttp.ReadAsync<Patient>(created)).Id;

        using var response = await sender.Client.GetAsync($"Patient/{id}/$tddui-export");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        await FhirHttp.ReadAsync<OperationOutcome>(response);
        using var none = await sender.Client.GetAsync("Patient/$tddui-export");
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
    }

    [Fact]
    public async Task A_set_of_usagers_is_exported_in_one_bundle()
    {
        var first = await ImportAsync(sender, Unique(Example("Bundle-tddui-pp-ime-bundle-example.json")));
        var second = await ImportAsync(sender, Unique(Example("Bundle-tddui-pp-ime-bundle-example.json")));

        using var response = await sender.Client.GetAsync($"Patient/$tddui-export?patient={first},{second}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var export = await FhirHttp.ReadAsync<Bundle>(response);
        Assert.Equal(2, export.Entry.Count(e => e.Resource is Patient));
        await AssertValidAsync(export);
    }

    // New local ids (and INS with its right key) so that each import is a new usager for the duplicate rules.
    private static JsonObject Unique(JsonObject bundle)
    {
        foreach (var patient in bundle["entry"]!.AsArray().Select(e => e!["resource"]!).Where(r => r["resourceType"]!.GetValue<string>() == "Patient"))
        {
            foreach (var identifier in patient["identifier"]!.AsArray().Select(i => i!))
            {
                var system = identifier["system"]!.GetValue<string>();
                if (system == LocalUsager)
                {
                    identifier["value"] = "3480787529/" + Guid.NewGuid().ToString("N")[..12];
                }
                else if (system == Nir)
                {
                    identifier["value"] = TestIns.Next();
                }
            }
        }

        return bundle;
    }

    private static JsonObject Example(string file) => JsonNode.Parse(File.ReadAllBytes(Path.Combine(Examples, file)))!.AsObject();

    // The id of the Patient the transaction created (its response entries follow the request entries).
    private static async Task<string> ImportAsync(ServerFixture server, JsonObject bundle)
    {
        using var response = await server.Client.PostAsync(string.Empty, FhirHttp.Json(bundle.ToJsonString()));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var answer = (Bundle)FhirHttp.Serializer.ParseJson(System.Text.Encoding.UTF8.GetBytes(body));
        var index = bundle["entry"]!.AsArray().Select(e => e!["resource"]!["resourceType"]!.GetValue<string>()).ToList().IndexOf("Patient");
        var location = answer.Entry[index].Response.Location.Split('/');
        return location[Array.IndexOf(location, "Patient") + 1];
    }

    private static async Task<Bundle> ExportAsync(ServerFixture server, string patientId)
    {
        using var response = await server.Client.GetAsync($"Patient/{patientId}/$tddui-export");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await FhirHttp.ReadAsync<Bundle>(response);
    }

    private async Task AssertValidAsync(Bundle export)
    {
        using var response = await sender.Client.PostAsync("Bundle/$validate", FhirHttp.Json(export));
        var outcome = await FhirHttp.ReadAsync<OperationOutcome>(response);
        var errors = outcome.Issue.Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal).Select(i => $"{i.Diagnostics} @ {string.Join(",", i.Expression)}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    // Each entry's JSON with the urn:uuid full URLs replaced by the entry's position: references compare by target.
    private static List<string> Normalized(Bundle bundle)
    {
        var positions = bundle.Entry.Select((e, i) => (Url: e.FullUrl ?? string.Empty, i)).ToDictionary(x => x.Url, x => $"#entry{x.i}");
        return [.. bundle.Entry.Select(e => Uuid().Replace(System.Text.Encoding.UTF8.GetString(FhirHttp.Serializer.SerializeJson(e.Resource)), m => positions.GetValueOrDefault(m.Value, "#outside")))];
    }

    [GeneratedRegex("urn:uuid:[0-9a-f-]{36}")]
    private static partial Regex Uuid();
}

/// <summary>A fresh server with the French packages, receiving the exports.</summary>
public sealed class TdduiReceiverSqlite : SqliteServerFixture
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => FrenchProfiles.Settings;
}

/// <summary>A fresh PostgreSQL server with the French packages, receiving the exports.</summary>
public sealed class TdduiReceiverPostgres : PostgresServerFixture
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => FrenchProfiles.Settings;
}

[Collection(FrenchProfilesSqliteServers.Name)]
public sealed class SqliteTdduiExchangeTests(FrenchProfilesSqliteServer sender, TdduiReceiverSqlite receiver)
    : TdduiExchangeTests(sender, receiver), IClassFixture<TdduiReceiverSqlite>;

[Collection(FrenchProfilesPostgresServers.Name)]
public sealed class PostgresTdduiExchangeTests(FrenchProfilesPostgresServer sender, TdduiReceiverPostgres receiver)
    : TdduiExchangeTests(sender, receiver), IClassFixture<TdduiReceiverPostgres>;
