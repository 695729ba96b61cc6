using System.Net;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Validation;

/// <summary><c>Fhir:Validation:Mode</c> and its per-type override, and <c>$validate</c> at instance level.</summary>
public sealed class ValidationModeTests
{
    [Fact]
    public async Task Core_mode_refuses_a_resource_that_breaks_FHIR_core_and_off_for_a_type_lets_it_through()
    {
        await using var server = SqliteServerFixture.With(new Dictionary<string, string>
        {
            ["Fhir:Validation:Mode"] = "Core",
            ["Fhir:Validation:Types:Basic"] = "Off",
        });
        await server.InitializeAsync();
        var observation = new Observation { Code = new CodeableConcept("http://loinc.org", "8310-5") };
        var basic = new Basic { Created = "2024-01-01" };

        using var refused = await server.Client.PostAsync("Observation", FhirHttp.Json(observation));
        using var accepted = await server.Client.PostAsync("Basic", FhirHttp.Json(basic));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains((await FhirHttp.ReadAsync<OperationOutcome>(refused)).Issue, i => i.Diagnostics.Contains("Missing required member: 'status'", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Fact]
    public async Task Validate_at_instance_level_checks_the_stored_resource_and_mode_delete_answers_for_it()
    {
        await using var server = SqliteServerFixture.With(new Dictionary<string, string> { ["Fhir:Validation:Mode"] = "Off" });
        await server.InitializeAsync();
        using var created = await server.Client.PostAsync("Observation", FhirHttp.Json(new Observation { Code = new CodeableConcept("http://loinc.org", "8310-5") }));
        var id = (await FhirHttp.ReadAsync<Observation>(created)).Id;

        var stored = await FhirHttp.ReadAsync<OperationOutcome>(await server.Client.GetAsync($"Observation/{id}/$validate"));
        using var deletion = await server.Client.GetAsync($"Observation/{id}/$validate?mode=delete");
        using var unknownMode = await server.Client.GetAsync($"Observation/{id}/$validate?mode=purge");
        using var absent = await server.Client.GetAsync("Observation/absent/$validate");

        Assert.Contains(stored.Issue, i => i.Severity == OperationOutcome.IssueSeverity.Error && i.Diagnostics.Contains("'status'", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, deletion.StatusCode);
        Assert.Equal(OperationOutcome.IssueSeverity.Information, (await FhirHttp.ReadAsync<OperationOutcome>(deletion)).Issue[0].Severity);
        Assert.Equal(HttpStatusCode.BadRequest, unknownMode.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
    }
}
