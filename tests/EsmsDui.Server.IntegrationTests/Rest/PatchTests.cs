using System.Net;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Rest;

public abstract class PatchTests(ServerFixture server)
{
    private readonly HttpClient _client = server.Client;

    [Fact]
    public async Task Json_patch_changes_the_resource_and_creates_a_version()
    {
        var patient = await FhirHttp.CreatePatientAsync(_client);
        var patch = """[{"op":"replace","path":"/gender","value":"male"},{"op":"add","path":"/name/0/given/-","value":"Marie"}]""";
        using var response = await _client.PatchAsync($"Patient/{patient.Id}", FhirHttp.Json(patch, "application/json-patch+json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patched = await FhirHttp.ReadAsync<Patient>(response);
        Assert.Equal(AdministrativeGender.Male, patched.Gender);
        Assert.Equal(["Hélène", "Marie"], patched.Name[0].Given);
        Assert.Equal("2", patched.Meta?.VersionId);
    }

    [Fact]
    public async Task Json_patch_that_makes_the_resource_invalid_returns_400_and_stores_nothing()
    {
        var patient = await FhirHttp.CreatePatientAsync(_client);
        using var response = await _client.PatchAsync($"Patient/{patient.Id}", FhirHttp.Json("""[{"op":"replace","path":"/gender","value":"unknown-gender-code"}]""", "application/json-patch+json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await FhirHttp.ReadAsync<OperationOutcome>(response);
        using var read = await _client.GetAsync($"Patient/{patient.Id}");
        Assert.Equal("W/\"1\"", read.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task Json_patch_with_a_failed_test_returns_422()
    {
        var patient = await FhirHttp.CreatePatientAsync(_client);
        using var response = await _client.PatchAsync($"Patient/{patient.Id}", FhirHttp.Json("""[{"op":"test","path":"/gender","value":"male"}]""", "application/json-patch+json"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task FhirPath_patch_replaces_adds_inserts_and_deletes()
    {
        var patient = await FhirHttp.CreatePatientAsync(_client);
        var patch = new Parameters();
        patch.Parameter.Add(Operation("replace", "Patient.birthDate", value: new Date("1950-01-02")));
        patch.Parameter.Add(Operation("add", "Patient", name: "active", value: new FhirBoolean(true)));
        patch.Parameter.Add(Operation("insert", "Patient.name", index: 0, parts: [new() { Name = "family", Value = new FhirString("Martin") }]));
        patch.Parameter.Add(Operation("delete", "Patient.gender"));
        using var response = await _client.PatchAsync($"Patient/{patient.Id}", FhirHttp.Json(patch));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patched = await FhirHttp.ReadAsync<Patient>(response);
        Assert.Equal("1950-01-02", patched.BirthDate);
        Assert.True(patched.Active);
        Assert.Equal(["Martin", "Dupont"], patched.Name.Select(n => n.Family));
        Assert.Null(patched.Gender);
    }

    [Fact]
    public async Task FhirPath_patch_with_a_path_matching_nothing_returns_422()
    {
        var patient = await FhirHttp.CreatePatientAsync(_client);
        var patch = new Parameters();
        patch.Parameter.Add(Operation("replace", "Patient.deceased", value: new FhirBoolean(true)));
        using var response = await _client.PatchAsync($"Patient/{patient.Id}", FhirHttp.Json(patch));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task FhirPath_patch_with_a_backtracking_regular_expression_is_refused_instead_of_running_for_hours()
    {
        var patient = await FhirHttp.CreatePatientAsync(_client);
        var patch = new Parameters();
        patch.Parameter.Add(Operation("delete", $"Patient.name.where('{new string('a', 34)}!'.matches('^(a+)+$'))"));

        // The bound only stops a hanging request: the regular expression itself stops after 100 ms.
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await _client.PatchAsync($"Patient/{patient.Id}", FhirHttp.Json(patch), bound.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("timed out", (await FhirHttp.ReadAsync<OperationOutcome>(response)).Issue[0].Diagnostics, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task FhirPath_patch_still_evaluates_ordinary_regular_expressions()
    {
        var patient = await FhirHttp.CreatePatientAsync(_client);
        var patch = new Parameters();
        patch.Parameter.Add(Operation("replace", "Patient.name.where(family.matches('^Dup')).family", value: new FhirString("Durand")));

        using var response = await _client.PatchAsync($"Patient/{patient.Id}", FhirHttp.Json(patch));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Durand", (await FhirHttp.ReadAsync<Patient>(response)).Name[0].Family);
    }

    private static Parameters.ParameterComponent Operation(string type, string path, string? name = null, DataType? value = null, int? index = null, List<Parameters.ParameterComponent>? parts = null)
    {
        var operation = new Parameters.ParameterComponent { Name = "operation" };
        operation.Part.Add(new() { Name = "type", Value = new Code(type) });
        operation.Part.Add(new() { Name = "path", Value = new FhirString(path) });
        if (name is not null)
        {
            operation.Part.Add(new() { Name = "name", Value = new FhirString(name) });
        }

        if (index is not null)
        {
            operation.Part.Add(new() { Name = "index", Value = new Integer(index) });
        }

        if (value is not null || parts is not null)
        {
            operation.Part.Add(new() { Name = "value", Value = value, Part = parts ?? [] });
        }

        return operation;
    }
}

[Collection(SqliteServers.Name)]
public sealed class SqlitePatchTests(SqliteServerFixture server) : PatchTests(server);

[Collection(PostgresServers.Name)]
public sealed class PostgresPatchTests(PostgresServerFixture server) : PatchTests(server);
