using System.Net;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Dossier;

/// <summary><c>QuestionnaireResponse/$gir</c> over the published TDDUI AGGIR example (GIR 2).</summary>
public abstract class GirOperationTests(ServerFixture server)
{
    private const string GirCode = "https://esmsdui.org/fhir/CodeSystem/evaluation|gir";

    [Fact]
    public async Task Post_on_a_stored_evaluation_records_one_GIR_observation_and_updates_it_when_run_again()
    {
        var patient = await FhirHttp.CreatePatientAsync(server.Client, "Gir" + Guid.NewGuid().ToString("N")[..8]);
        var evaluation = await CreateEvaluationAsync(patient.Id);

        var first = await RunAsync(HttpMethod.Post, $"QuestionnaireResponse/{evaluation}/$gir");
        Assert.Equal(2, first.GetSingleValue<Integer>("gir")?.Value);
        Assert.Equal(6, first.GetSingleValue<Integer>("rank")?.Value);
        var observation = Assert.IsType<Observation>(first.Parameter.Single(p => p.Name == "observation").Resource);
        Assert.Equal($"Patient/{patient.Id}", observation.Subject.Reference);
        Assert.Equal("MED-340", ((CodeableConcept)observation.Value).Coding[0].Code);
        Assert.Equal($"QuestionnaireResponse/{evaluation}", observation.DerivedFrom[0].Reference);

        var again = await RunAsync(HttpMethod.Post, $"QuestionnaireResponse/{evaluation}/$gir");
        var second = (Observation)again.Parameter.Single(p => p.Name == "observation").Resource;
        Assert.Equal(observation.Id, second.Id);
        Assert.Equal("2", second.Meta.VersionId);

        var found = await FhirHttp.ReadAsync<Bundle>(await server.Client.GetAsync($"Observation?subject=Patient/{patient.Id}&code={GirCode}"));
        Assert.Equal(1, found.Total);
    }

    [Fact]
    public async Task Get_on_a_stored_evaluation_and_type_level_calls_compute_without_recording()
    {
        var patient = await FhirHttp.CreatePatientAsync(server.Client, "Gir" + Guid.NewGuid().ToString("N")[..8]);
        var evaluation = await CreateEvaluationAsync(patient.Id);

        Assert.Equal(2, (await RunAsync(HttpMethod.Get, $"QuestionnaireResponse/{evaluation}/$gir")).GetSingleValue<Integer>("gir")?.Value);
        var body = new Parameters();
        body.Parameter.Add(new Parameters.ParameterComponent { Name = "response", Resource = Example(patient.Id) });
        Assert.Equal(2, (await RunAsync(HttpMethod.Post, "QuestionnaireResponse/$gir", body)).GetSingleValue<Integer>("gir")?.Value);

        var found = await FhirHttp.ReadAsync<Bundle>(await server.Client.GetAsync($"Observation?subject=Patient/{patient.Id}&code={GirCode}"));
        Assert.Equal(0, found.Total);
    }

    [Fact]
    public async Task An_evaluation_missing_a_grid_item_gets_422_naming_it_and_records_nothing()
    {
        var patient = await FhirHttp.CreatePatientAsync(server.Client, "Gir" + Guid.NewGuid().ToString("N")[..8]);
        var response = Example(patient.Id);
        response.Item[0].Answer[0].Item.RemoveAll(i => i.LinkId == "manger");
        using var created = await server.Client.PostAsync("QuestionnaireResponse", FhirHttp.Json(response));
        var id = (await FhirHttp.ReadAsync<QuestionnaireResponse>(created)).Id;

        using var answer = await server.Client.PostAsync($"QuestionnaireResponse/{id}/$gir", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        var outcome = await FhirHttp.ReadAsync<OperationOutcome>(answer);
        Assert.Contains(outcome.Issue, i => i.Diagnostics.Contains("'manger'", StringComparison.Ordinal));
        var found = await FhirHttp.ReadAsync<Bundle>(await server.Client.GetAsync($"Observation?subject=Patient/{patient.Id}&code={GirCode}"));
        Assert.Equal(0, found.Total);
    }

    [Theory]
    [InlineData("PUT", "QuestionnaireResponse/$gir", HttpStatusCode.MethodNotAllowed)]
    [InlineData("POST", "Patient/$gir", HttpStatusCode.NotFound)]
    [InlineData("POST", "QuestionnaireResponse/unknown-evaluation/$gir", HttpStatusCode.NotFound)]
    [InlineData("POST", "QuestionnaireResponse/$gir", HttpStatusCode.BadRequest)]
    public async Task Gir_called_wrongly_gets_an_outcome(string method, string url, HttpStatusCode status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(status, response.StatusCode);
        await FhirHttp.ReadAsync<OperationOutcome>(response);
    }

    [Fact]
    public async Task The_capability_statement_lists_gir_on_QuestionnaireResponse()
    {
        var statement = await FhirHttp.ReadAsync<CapabilityStatement>(await server.Client.GetAsync("metadata"));
        Assert.Contains(statement.Rest[0].Resource.Single(r => r.Type == "QuestionnaireResponse").Operation, o => o.Name == "gir");
    }

    private static QuestionnaireResponse Example(string patientId)
    {
        var path = Path.Combine(FrenchProfiles.PackageFolder, "examples", "tddui-2.2.0", "QuestionnaireResponse-tddui-questionnaire-response-aggir-pa-example.json");
        var response = (QuestionnaireResponse)FhirHttp.Serializer.ParseJson(File.ReadAllBytes(path));
        response.Id = null;
        response.Subject = new ResourceReference($"Patient/{patientId}");
        return response;
    }

    private async Task<string> CreateEvaluationAsync(string patientId)
    {
        using var created = await server.Client.PostAsync("QuestionnaireResponse", FhirHttp.Json(Example(patientId)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await FhirHttp.ReadAsync<QuestionnaireResponse>(created)).Id!;
    }

    private async Task<Parameters> RunAsync(HttpMethod method, string url, Parameters? body = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : FhirHttp.Json(body) };
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await FhirHttp.ReadAsync<Parameters>(response);
    }
}

[Collection(SqliteServers.Name)]
public sealed class SqliteGirOperationTests(SqliteServerFixture server) : GirOperationTests(server);

[Collection(PostgresServers.Name)]
public sealed class PostgresGirOperationTests(PostgresServerFixture server) : GirOperationTests(server);
