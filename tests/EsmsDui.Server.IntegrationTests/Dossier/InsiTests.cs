using System.Net;
using System.Xml.Linq;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Dossier;

/// <summary>
/// <c>Patient/[id]/$insi</c> through the INSi connector, against a local teleservice that speaks the INSi protocol over
/// mutual TLS and checks each request.
/// </summary>
public sealed class InsiTests(InsiConnectedServer fixture) : IClassFixture<InsiConnectedServer>
{
    private HttpClient Client => fixture.Server.Client;

    [Fact]
    public async Task A_usager_found_by_INSi_gets_his_INS_and_traits_and_a_Provenance_when_recorded()
    {
        var patient = await CreateAsync("Dupont", ["Jean"], AdministrativeGender.Male, "1947-04-03", "PROV");

        var answer = await InsiAsync(patient, record: true);

        Assert.Equal("00", answer.GetSingleValue<Code>("code")?.Value);
        var ins = (Identifier)answer.Parameter.Single(p => p.Name == "ins").Value;
        Assert.Equal(InsiTestServer.People[0].Matricule, ins.Value);
        Assert.Equal("urn:oid:1.2.250.1.213.1.4.8", ins.System);
        var updated = await FhirHttp.ReadAsync<Patient>(await Client.GetAsync($"Patient/{patient}"));
        Assert.Contains(updated.Identifier, i => i.Value == ins.Value && i.System == ins.System);
        Assert.Equal("DUPONT", updated.Name[0].Family);
        Assert.Equal("JEAN STEPHANE PATRICK", updated.Name[0].GetStringExtension("https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient-birth-list-given-name"));
        Assert.Equal("RECUP", ((Coding)updated.Extension.Single(e => e.Url.EndsWith("identity-reliability", StringComparison.Ordinal)).Extension.Single().Value).Code);
        Assert.Equal("63220", updated.GetExtensionValue<Address>("http://hl7.org/fhir/StructureDefinition/patient-birthPlace").GetExtensionValue<Coding>("https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-address-insee-code").Code);
        var provenance = await FhirHttp.ReadAsync<Bundle>(await Client.GetAsync($"Provenance?target=Patient/{patient}"));
        Assert.Equal(1, provenance.Total);
        Assert.Empty(fixture.Insi.Violations);

        // What reached the teleservice: the strict traits in its alphabet, the software's IDAM.
        var request = fixture.Insi.Requests.Last();
        Assert.Equal("DUPONT", request.Descendants(XNamespace.Get("http://www.cnamts.fr/INSiRecSans") + "NomNaissance").Single().Value);
        Assert.Equal("JEAN", request.Descendants(XNamespace.Get("http://www.cnamts.fr/INSiRecSans") + "Prenom").Single().Value);
    }

    [Fact]
    public async Task Accents_are_sent_in_INSi_alphabet_and_each_first_name_is_tried_in_turn()
    {
        var patient = await CreateAsync("Lefèvre", ["Hélène", "Marie-Hélène"], AdministrativeGender.Female, "1938-11-20", null);
        var before = fixture.Insi.Requests.Count;

        var answer = await InsiAsync(patient, record: false);

        Assert.Equal("00", answer.GetSingleValue<Code>("code")?.Value);
        var asked = fixture.Insi.Requests.Skip(before).Select(r => r.Descendants(XNamespace.Get("http://www.cnamts.fr/INSiRecSans") + "Prenom").Single().Value).ToList();
        Assert.Equal(["HELENE", "MARIE-HELENE"], asked);
        var unchanged = await FhirHttp.ReadAsync<Patient>(await Client.GetAsync($"Patient/{patient}"));
        Assert.Equal("1", unchanged.Meta.VersionId);
        Assert.Empty(fixture.Insi.Violations);
    }

    [Theory]
    [InlineData("Inconnu", "1950-01-01", "01")]
    [InlineData("Homonyme", "1950-01-01", "02")]
    public async Task Not_found_and_several_found_are_answered_and_change_nothing(string family, string birthDate, string code)
    {
        var patient = await CreateAsync(family, ["Paul"], AdministrativeGender.Male, birthDate, null);
        var answer = await InsiAsync(patient, record: true);
        Assert.Equal(code, answer.GetSingleValue<Code>("code")?.Value);
        Assert.DoesNotContain(answer.Parameter, p => p.Name == "ins");
        Assert.Equal("1", (await FhirHttp.ReadAsync<Patient>(await Client.GetAsync($"Patient/{patient}"))).Meta.VersionId);
    }

    [Fact]
    public async Task A_usager_without_strict_traits_gets_422_naming_them()
    {
        var patient = await CreateAsync("Sansdate", ["Paul"], AdministrativeGender.Unknown, null, null);
        using var response = await Client.PostAsync($"Patient/{patient}/$insi", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var outcome = await FhirHttp.ReadAsync<OperationOutcome>(response);
        Assert.Contains(outcome.Issue, i => i.Diagnostics.Contains("birth date", StringComparison.Ordinal) && i.Diagnostics.Contains("sex", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_the_structure_certificate_the_teleservice_refuses_and_the_server_answers_502()
    {
        await using var uncertified = SqliteServerFixture.With(fixture.Settings(withClientCertificate: false));
        await uncertified.InitializeAsync();
        using var created = await uncertified.Client.PostAsync("Patient", FhirHttp.Json(FhirHttp.NewPatient("Dupont", "Jean")));
        var id = (await FhirHttp.ReadAsync<Patient>(created)).Id;

        using var response = await uncertified.Client.PostAsync($"Patient/{id}/$insi", null);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains((await FhirHttp.ReadAsync<OperationOutcome>(response)).Issue, i => i.Diagnostics.Contains("INSi could not be reached", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_without_INSi_configured_answers_503_and_GET_is_refused()
    {
        var patient = await CreateAsync("Dupont", ["Jean"], AdministrativeGender.Male, "1947-04-03", null);
        using var get = await Client.GetAsync($"Patient/{patient}/$insi");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);

        await using var unconfigured = new SqliteServerFixture();
        await unconfigured.InitializeAsync();
        using var created = await unconfigured.Client.PostAsync("Patient", FhirHttp.Json(FhirHttp.NewPatient("Dupont", "Jean")));
        var id = (await FhirHttp.ReadAsync<Patient>(created)).Id;
        using var response = await unconfigured.Client.PostAsync($"Patient/{id}/$insi", null);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        await FhirHttp.ReadAsync<OperationOutcome>(response);
    }

    private async Task<string> CreateAsync(string family, string[] given, AdministrativeGender gender, string? birthDate, string? status)
    {
        var patient = new Patient
        {
            Name = [new HumanName { Use = HumanName.NameUse.Official, Family = family, Given = given }],
            Gender = gender,
            BirthDate = birthDate,
        };
        if (status is not null)
        {
            patient.Extension.Add(new Extension
            {
                Url = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-identity-reliability",
                Extension = [new Extension("identityStatus", new Coding("https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-identity-status", status))],
            });
        }

        using var response = await Client.PostAsync("Patient", FhirHttp.Json(patient));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await FhirHttp.ReadAsync<Patient>(response)).Id!;
    }

    private async Task<Parameters> InsiAsync(string patient, bool record)
    {
        using var response = await Client.PostAsync($"Patient/{patient}/$insi?record={(record ? "true" : "false")}", null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await FhirHttp.ReadAsync<Parameters>(response);
    }
}
