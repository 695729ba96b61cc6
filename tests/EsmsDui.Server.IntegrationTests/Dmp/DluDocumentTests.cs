using System.Net;
using System.Text;
using System.Xml.Linq;
using EsmsDui.Connectors.Dmp.Feeding;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;
using static EsmsDui.Server.IntegrationTests.MsSante.MsSanteRecords;

namespace EsmsDui.Server.IntegrationTests.Dmp;

/// <summary>
/// The document de liaison d'urgence (issue 17): <c>Patient/[id]/$dlu-document</c> makes the CI-SIS structured volet
/// DLU-EHPAD 2022.01 from the resident's record; it passes the official validator (volet and body schematrons), reaches
/// the DMP with its formatCode, and made again after the record changed it replaces its entry there.
/// </summary>
public sealed class DluDocumentTests(DmpConnectedServer fixture) : IClassFixture<DmpConnectedServer>
{
    private static readonly XNamespace V3 = "urn:hl7-org:v3";

    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task A_resident_s_DLU_is_made_from_his_record_passes_the_official_validator_and_once_made_again_replaces_its_DMP_entry()
    {
        var (usager, ins, author) = await DmpRecords.ResidentAsync(fixture);

        using var made = await Client.PostAsync($"{usager}/$dlu-document", FhirHttp.Json(DmpRecords.Inputs(author, ("comment", new FhirString("Aime la musique classique.")))));

        Assert.True(made.StatusCode == HttpStatusCode.Created, await made.Content.ReadAsStringAsync());
        var document = await FhirHttp.ReadAsync<DocumentReference>(made);
        Assert.Equal(("http://loinc.org", "74207-2"), (document.Type.Coding[0].System, document.Type.Coding[0].Code));
        Assert.Equal(usager, Assert.Single(document.Context.Related).Reference);
        Assert.Equal("urn:asip:ci-sis:dlu:2015", document.Content[0].Format.Code);
        var cda = (await ReadAsync<Binary>(Client, document.Content[0].Attachment.Url))!.Data!;
        var errors = OfficialCdaValidator.ErrorsOfEach([cda], "DLU-EHPAD-DLU_2022.01", body: true)[0];
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        var text = Encoding.UTF8.GetString(cda);
        Assert.Contains("810009876543", text, StringComparison.Ordinal);
        Assert.Contains("Maladie d'Alzheimer", text, StringComparison.Ordinal);
        Assert.Contains("Pénicilline", text, StringComparison.Ordinal);
        Assert.Contains("DOLIPRANE 1000 mg", text, StringComparison.Ordinal);
        Assert.Contains("Aime la musique classique.", text, StringComparison.Ordinal);
        Assert.Contains("Tension artérielle 128/76 mmHg", text, StringComparison.Ordinal);
        Assert.DoesNotContain("INTERDIT", text, StringComparison.Ordinal);
        var root = XDocument.Load(new MemoryStream(cda)).Root!;
        Assert.Equal("NOK", (string?)root.Elements(V3 + "informant").Single(i => i.Descendants(V3 + "family").Any(f => f.Value == "CONFIANCE")).Element(V3 + "relatedEntity")!.Attribute("classCode"));
        Assert.Equal("true", root.Descendants(V3 + "observation").Single(o => o.Element(V3 + "code")?.Attribute("code")?.Value == "161898004").Element(V3 + "value")!.Attribute("value")!.Value);

        var first = await DmpRecords.FedAsync(Client, document.Id!);
        var firstEntry = Assert.Single(fixture.Dmp.EntriesOf(ins));
        var submission = Assert.Single(fixture.Dmp.Submissions, s => s.Submission.Documents.Any(d => d.UniqueId == DmpSending.UniqueId(first)));
        Assert.Equal(("74207-2", "urn:asip:ci-sis:dlu:2015"), (submission.Submission.Documents[0].Type.Code, submission.Submission.Documents[0].Format.Code));
        Assert.Empty(OfficialCdaValidator.Errors(submission.Documents.Values.Single()));

        await CreateAsync(Client, new AllergyIntolerance
        {
            Patient = new ResourceReference(usager),
            Category = [AllergyIntolerance.AllergyIntoleranceCategory.Food],
            Code = new CodeableConcept { Text = "Arachide" },
        });
        using var again = await Client.PostAsync($"{usager}/$dlu-document", FhirHttp.Json(DmpRecords.Inputs(author)));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var revised = await FhirHttp.ReadAsync<DocumentReference>(again);
        Assert.Equal((document.Id, "2"), (revised.Id, revised.Meta.VersionId));

        var second = await DmpRecords.FedAsync(Client, document.Id!);
        var replacement = Assert.Single(fixture.Dmp.Submissions, s => s.Submission.Documents.Any(d => d.UniqueId == DmpSending.UniqueId(second)));
        Assert.Equal(firstEntry.EntryUuid, Assert.Single(replacement.Submission.Replaces!).Value);
        var sent = replacement.Documents.Values.Single();
        Assert.Empty(OfficialCdaValidator.Errors(sent, "DLU-EHPAD-DLU_2022.01"));
        var related = XDocument.Load(new MemoryStream(sent)).Root!.Element(V3 + "relatedDocument")!;
        Assert.Equal(("RPLC", firstEntry.UniqueId), ((string?)related.Attribute("typeCode"), (string?)related.Element(V3 + "parentDocument")!.Element(V3 + "id")!.Attribute("root")));
        Assert.Contains("Arachide", Encoding.UTF8.GetString(sent), StringComparison.Ordinal);
        Assert.Empty(fixture.Dmp.Violations);
    }

    [Fact]
    public async Task Without_an_author_it_is_400_and_without_a_medecin_traitant_with_an_RPPS_it_is_422_and_nothing_is_stored()
    {
        var (usager, _, author) = await DmpRecords.ResidentAsync(fixture);
        var patient = (await ReadAsync<Patient>(Client, usager))!;
        patient.GeneralPractitioner = [new ResourceReference($"Practitioner/{await CreateAsync(Client, Author(withRpps: false))}")];
        (await Client.PutAsync(usager, FhirHttp.Json(patient))).EnsureSuccessStatusCode();

        using var withoutAuthor = await Client.PostAsync($"{usager}/$dlu-document", FhirHttp.Json(new Parameters()));
        using var withoutDoctor = await Client.PostAsync($"{usager}/$dlu-document", FhirHttp.Json(DmpRecords.Inputs(author)));

        Assert.Equal(HttpStatusCode.BadRequest, withoutAuthor.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, withoutDoctor.StatusCode);
        Assert.Contains("generalPractitioner", await withoutDoctor.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await ReadAsync<Bundle>(Client, $"DocumentReference?subject={usager}"))!.Entry);
    }

    [Fact]
    public async Task A_client_of_another_establishment_gets_what_a_direct_read_of_the_resident_gives_and_nothing_is_written()
    {
        var (usager, _, author) = await DmpRecords.ResidentAsync(fixture);
        var other = await CreateAsync(Client, Establishment("EHPAD Les Chênes", finess: "010000002"));
        var clientId = "dlu-other-" + Guid.NewGuid().ToString("N")[..6];
        await Security.Tokens.RegisterAsync(fixture.Server, clientId, "system/*.cruds", establishments: [other]);
        using var otherEstablishment = Security.Tokens.Client(fixture.Server, await Security.Tokens.GetAsync(fixture.Server, clientId, "system/*.cruds"));

        using var make = await otherEstablishment.PostAsync($"{usager}/$dlu-document", FhirHttp.Json(DmpRecords.Inputs(author)));
        using var read = await otherEstablishment.GetAsync(usager);

        Assert.Equal(read.StatusCode, make.StatusCode);
        Assert.Contains(make.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        Assert.Empty((await ReadAsync<Bundle>(Client, $"DocumentReference?subject={usager}"))!.Entry);
    }
}
