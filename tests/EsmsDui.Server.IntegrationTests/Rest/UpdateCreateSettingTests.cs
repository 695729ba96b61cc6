using System.Net;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Rest;

public sealed class UpdateCreateSettingTests
{
    [Fact]
    public async Task With_update_create_off_put_on_an_unknown_id_returns_405_and_the_statement_says_so()
    {
        await using var server = SqliteServerFixture.With(new Dictionary<string, string> { ["Fhir:AllowUpdateCreate"] = "false" });
        await server.InitializeAsync();
        var patient = FhirHttp.NewPatient();
        patient.Id = "not-yet";
        using var response = await server.Client.PutAsync("Patient/not-yet", FhirHttp.Json(patient));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        await FhirHttp.ReadAsync<OperationOutcome>(response);

        var statement = await FhirHttp.ReadAsync<CapabilityStatement>(await server.Client.GetAsync("metadata"));
        Assert.All(statement.Rest[0].Resource, r => Assert.False(r.UpdateCreate));
    }
}
