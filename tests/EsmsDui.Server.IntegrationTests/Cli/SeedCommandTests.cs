using System.Net;
using EsmsDui.Server.Cli;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Cli;

/// <summary>The <c>seed</c> verb on a server with the French packages: a valid demo, written once.</summary>
[Collection(FrenchProfilesSqliteServers.Name)]
public sealed class SeedCommandTests(FrenchProfilesSqliteServer server)
{
    private const string IdNatSt = "urn:oid:1.2.250.1.71.4.2.2";

    [Fact]
    public async Task Seed_writes_a_valid_demo_once_with_usagers_in_each_establishment_and_GIRs_for_elderly_people()
    {
        using var output = new StringWriter();
        Assert.Equal(0, await SeedCommand.RunAsync(server.Services, 10, output, CancellationToken.None));
        Assert.Contains("10 usagers", output.ToString(), StringComparison.Ordinal);

        var ehpad = await OrganizationAsync("1420012346");
        var mas = await OrganizationAsync("1420023457");
        var ehpadUsagers = await SearchAsync($"Patient?_has:Encounter:subject:service-provider=Organization/{ehpad}");
        Assert.Equal(5, ehpadUsagers.Total);
        Assert.Equal(2, (await SearchAsync($"Patient?_has:Encounter:subject:service-provider=Organization/{mas}")).Total);

        var usager = ehpadUsagers.Entry[0].Resource.Id;
        Assert.Equal(1, (await SearchAsync($"Observation?subject=Patient/{usager}&code=https://esmsdui.org/fhir/CodeSystem/evaluation|gir")).Total);
        Assert.Equal(1, (await SearchAsync($"CarePlan?subject=Patient/{usager}")).Total);

        // What the demo holds leaves as a valid TDDUI bundle.
        using var export = await server.Client.GetAsync($"Patient/{usager}/$tddui-export");
        Assert.True(export.StatusCode == HttpStatusCode.OK, await export.Content.ReadAsStringAsync());
        var exported = (await FhirHttp.ReadAsync<Bundle>(export)).Entry.Select(e => e.Resource.TypeName).ToHashSet();
        Assert.Superset(new HashSet<string> { "Patient", "Organization", "Practitioner", "Encounter", "Consent", "CarePlan", "ServiceRequest", "Goal", "Task", "QuestionnaireResponse" }, exported);

        // The whole record, actions included (Task is outside the R4 Patient compartment; it is based on the plan).
        var everything = await SearchAsync($"Patient/{usager}/$everything");
        Assert.Contains(everything.Entry, e => e.Resource is Hl7.Fhir.Model.Task);
        Assert.Contains(everything.Entry, e => e.Resource is Consent);

        using var again = new StringWriter();
        Assert.Equal(0, await SeedCommand.RunAsync(server.Services, 10, again, CancellationToken.None));
        Assert.Contains("already there", again.ToString(), StringComparison.Ordinal);
        Assert.Equal(5, (await SearchAsync($"Patient?_has:Encounter:subject:service-provider=Organization/{ehpad}")).Total);
    }

    private async Task<string> OrganizationAsync(string idNatSt) =>
        Assert.Single((await SearchAsync($"Organization?identifier={IdNatSt}|{idNatSt}")).Entry).Resource.Id!;

    private async Task<Bundle> SearchAsync(string query) => await FhirHttp.ReadAsync<Bundle>(await server.Client.GetAsync(query));
}
