using System.Net;
using EsmsDui.Dossier.Evaluations;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Dossier;

/// <summary>
/// The SERAFIN-PH nomenclatures (project package <c>esmsdui.fhir</c>): served without any package configured,
/// searchable by subsumption, and checked on the TDDUI resources that bind them.
/// </summary>
public abstract class SerafinPhTests(ServerFixture server)
{
    [Theory]
    [InlineData("1.2.1.3", "Besoins pour la mobilité")]
    [InlineData("2.3.1.1", "Accompagnements à l'expression du projet personnalisé")]
    [InlineData("3.2.4.1", "Transports liés à accueillir (domicile-structure)")]
    public async Task Lookup_of_a_SERAFIN_PH_code_gives_its_display(string code, string display)
    {
        var answer = await FhirHttp.ReadAsync<Parameters>(await server.Client.GetAsync($"CodeSystem/$lookup?system={SerafinPh.System}&code={code}"));
        Assert.Equal(display, answer.GetSingleValue<FhirString>("display")?.Value);
    }

    [Fact]
    public async Task Lookup_of_an_unknown_SERAFIN_PH_code_is_refused_with_an_outcome()
    {
        using var response = await server.Client.GetAsync($"CodeSystem/$lookup?system={SerafinPh.System}&code=1.9.9");
        Assert.False(response.IsSuccessStatusCode);
        await FhirHttp.ReadAsync<OperationOutcome>(response);
    }

    [Fact]
    public async Task Needs_are_found_under_their_SERAFIN_PH_family()
    {
        var usager = (await FhirHttp.CreatePatientAsync(server.Client, "Serafin")).Id;
        var mobilite = await CreateBesoinAsync(usager, "1.2.1.3", "Besoins pour la mobilité");
        var vieSociale = await CreateBesoinAsync(usager, "1.3.4.1", "Besoins pour participer à la vie sociale");

        Assert.Equal([mobilite], await IdsAsync($"ServiceRequest?subject=Patient/{usager}&category:below={SerafinPh.System}|1.2"));
        Assert.Equal([vieSociale], await IdsAsync($"ServiceRequest?subject=Patient/{usager}&category:below={SerafinPh.System}|1.3"));
        Assert.Equal(new[] { mobilite, vieSociale }.Order(), (await IdsAsync($"ServiceRequest?subject=Patient/{usager}&category:below={SerafinPh.System}|1")).Order());
        Assert.Empty(await IdsAsync($"ServiceRequest?subject=Patient/{usager}&category:below={SerafinPh.System}|2"));
    }

    [Fact]
    public async Task Every_operation_of_the_project_named_by_the_capability_statement_is_served_as_an_OperationDefinition()
    {
        await server.WaitForPackagesAsync();
        var statement = await FhirHttp.ReadAsync<CapabilityStatement>(await server.Client.GetAsync("metadata"));
        var definitions = statement.Rest.SelectMany(r => r.Resource).SelectMany(r => r.Operation).Select(o => o.Definition)
            .Where(d => d.StartsWith("https://esmsdui.org/", StringComparison.Ordinal)).Distinct().ToList();
        Assert.NotEmpty(definitions);
        foreach (var definition in definitions)
        {
            var found = await FhirHttp.ReadAsync<Bundle>(await server.Client.GetAsync($"OperationDefinition?url={definition}"));
            Assert.True(found.Total == 1, $"{definition} is not served");
        }
    }

    private async Task<string> CreateBesoinAsync(string? usager, string code, string display)
    {
        var besoin = new ServiceRequest
        {
            Status = RequestStatus.Active,
            Intent = RequestIntent.Plan,
            Category = [new CodeableConcept { Coding = [SerafinPh.Coding(code, display)] }],
            Subject = new ResourceReference($"Patient/{usager}"),
        };
        using var response = await server.Client.PostAsync("ServiceRequest", FhirHttp.Json(besoin));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await FhirHttp.ReadAsync<ServiceRequest>(response)).Id!;
    }

    private async Task<List<string>> IdsAsync(string query) =>
        [.. (await FhirHttp.ReadAsync<Bundle>(await server.Client.GetAsync(query))).Entry.Select(e => e.Resource.Id)];
}

[Collection(SqliteServers.Name)]
public sealed class SqliteSerafinPhTests(SqliteServerFixture server) : SerafinPhTests(server);

[Collection(PostgresServers.Name)]
public sealed class PostgresSerafinPhTests(PostgresServerFixture server) : SerafinPhTests(server);

/// <summary>With the French packages, TDDUI's required bindings to the SERAFIN-PH value sets are checked.</summary>
[Collection(FrenchProfilesSqliteServers.Name)]
public sealed class SerafinPhBindingTests(FrenchProfilesSqliteServer server)
{
    private const string BesoinProfile = "https://interop.esante.gouv.fr/ig/fhir/tddui/StructureDefinition/tddui-service-request-besoin";

    [Fact]
    public async Task A_TDDUI_need_with_a_SERAFIN_PH_need_code_is_stored()
    {
        using var response = await server.Client.PostAsync("ServiceRequest", FhirHttp.Json(Besoin(SerafinPh.Coding("1.2.1.3", "Besoins pour la mobilité"))));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("1.9.9", "Besoin inventé")]
    [InlineData("2.1.1.1", "Soins médicaux à visée préventive, curative et palliative")]
    public async Task A_TDDUI_need_whose_category_is_not_a_SERAFIN_PH_need_is_refused_with_422(string code, string display)
    {
        using var response = await server.Client.PostAsync("ServiceRequest", FhirHttp.Json(Besoin(SerafinPh.Coding(code, display))));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var outcome = await FhirHttp.ReadAsync<OperationOutcome>(response);
        Assert.Contains(outcome.Issue, i => i.Severity == OperationOutcome.IssueSeverity.Error && i.Expression.Any(e => e.Contains("category", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_SERAFIN_PH_need_value_set_expands_to_the_35_needs()
    {
        var expansion = await FhirHttp.ReadAsync<ValueSet>(await server.Client.GetAsync(
            "ValueSet/$expand?url=https://mos.esante.gouv.fr/NOS/JDV_J285-Besoins_SERAFIN/FHIR/JDV-J285-Besoins-SERAFIN"));
        Assert.Equal(35, expansion.Expansion.Contains.Count);
        Assert.All(expansion.Expansion.Contains, c => Assert.StartsWith("1", c.Code, StringComparison.Ordinal));
    }

    private static ServiceRequest Besoin(Coding category) => new()
    {
        Meta = new Meta { Profile = [BesoinProfile] },
        Identifier = [new Identifier("https://identifiant-medicosocial-besoin.esante.gouv.fr", "3480787529/123456789-BESO-" + Guid.NewGuid().ToString("N")[..6])],
        BasedOn = [new ResourceReference("CarePlan/tddui-pp-pa-careplan-example")],
        Status = RequestStatus.Active,
        Intent = RequestIntent.Plan,
        Category = [new CodeableConcept { Coding = [category] }],
        Code = new CodeableConcept { Text = "Besoin d'aide pour la mobilité et les déplacements." },
        Subject = new ResourceReference("Patient/tddui-pp-pa-patient-example-pp"),
    };
}
