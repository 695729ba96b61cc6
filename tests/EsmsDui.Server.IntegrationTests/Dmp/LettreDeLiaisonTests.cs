using System.Net;
using EsmsDui.Connectors.Dmp.Feeding;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;
using static EsmsDui.Server.IntegrationTests.MsSante.MsSanteRecords;

namespace EsmsDui.Server.IntegrationTests.Dmp;

/// <summary>
/// The lettres de liaison (issue 17): <c>Encounter/[id]/$liaison-document</c> renders the letter of a séjour at the exit
/// (LOINC 83981-1) or at the entry (88348-8) as a PDF document of the record, which reaches the DMP valid.
/// </summary>
public sealed class LettreDeLiaisonTests(DmpConnectedServer fixture) : IClassFixture<DmpConnectedServer>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task A_finished_sejour_gets_its_exit_letter_and_on_request_its_entry_letter_each_reaching_the_DMP_valid()
    {
        var (usager, ins, author) = await DmpRecords.ResidentAsync(fixture);
        var sejour = await SejourAsync(usager, finished: true);

        using var exit = await Client.PostAsync($"Encounter/{sejour}/$liaison-document", FhirHttp.Json(DmpRecords.Inputs(author)));
        using var entry = await Client.PostAsync($"Encounter/{sejour}/$liaison-document", FhirHttp.Json(DmpRecords.Inputs(author, ("direction", new Code("entree")))));

        Assert.True(exit.StatusCode == HttpStatusCode.Created, await exit.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, entry.StatusCode);
        var exitLetter = await FhirHttp.ReadAsync<DocumentReference>(exit);
        var entryLetter = await FhirHttp.ReadAsync<DocumentReference>(entry);
        Assert.Equal("83981-1", exitLetter.Type.Coding[0].Code);
        Assert.Equal("88348-8", entryLetter.Type.Coding[0].Code);
        Assert.NotEqual(exitLetter.Id, entryLetter.Id);
        Assert.Equal($"Encounter/{sejour}", Assert.Single(exitLetter.Context.Related).Reference);
        Assert.Equal((usager, author), (exitLetter.Subject.Reference, Assert.Single(exitLetter.Author).Reference));
        Assert.Equal("2026-12-05", exitLetter.Context.Period.End);

        foreach (var letter in new[] { exitLetter, entryLetter })
        {
            var sent = await DmpRecords.FedAsync(Client, letter.Id!);
            var submission = Assert.Single(fixture.Dmp.Submissions, s => s.Submission.Documents.Any(d => d.UniqueId == DmpSending.UniqueId(sent)));
            Assert.Equal(letter.Type.Coding[0].Code, submission.Submission.Documents[0].Type.Code);
            var errors = OfficialCdaValidator.Errors(submission.Documents.Values.Single());
            Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        }

        Assert.Equal(2, fixture.Dmp.EntriesOf(ins).Count);
        Assert.Empty(fixture.Dmp.Violations);
    }

    [Fact]
    public async Task An_unknown_direction_or_input_is_400_and_an_author_without_RPPS_is_422_and_nothing_is_stored()
    {
        var (usager, _, author) = await DmpRecords.ResidentAsync(fixture);
        var sejour = await SejourAsync(usager, finished: false);
        var withoutRpps = "Practitioner/" + await CreateAsync(Client, Author(withRpps: false));

        using var direction = await Client.PostAsync($"Encounter/{sejour}/$liaison-document", FhirHttp.Json(DmpRecords.Inputs(author, ("direction", new Code("transfert")))));
        using var unknown = await Client.PostAsync($"Encounter/{sejour}/$liaison-document", FhirHttp.Json(DmpRecords.Inputs(author, ("recipient", new FhirString("x")))));
        using var noRpps = await Client.PostAsync($"Encounter/{sejour}/$liaison-document", FhirHttp.Json(DmpRecords.Inputs(withoutRpps)));

        Assert.Equal(HttpStatusCode.BadRequest, direction.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noRpps.StatusCode);
        Assert.Empty((await ReadAsync<Bundle>(Client, $"DocumentReference?subject={usager}"))!.Entry);
    }

    [Fact]
    public async Task A_client_of_another_establishment_gets_what_a_direct_read_of_the_sejour_gives_and_nothing_is_written()
    {
        var (usager, _, author) = await DmpRecords.ResidentAsync(fixture);
        var sejour = await SejourAsync(usager, finished: true);
        var other = await CreateAsync(Client, Establishment("EHPAD Les Chênes", finess: "010000002"));
        var clientId = "liaison-other-" + Guid.NewGuid().ToString("N")[..6];
        await Security.Tokens.RegisterAsync(fixture.Server, clientId, "system/*.cruds", establishments: [other]);
        using var otherEstablishment = Security.Tokens.Client(fixture.Server, await Security.Tokens.GetAsync(fixture.Server, clientId, "system/*.cruds"));

        using var make = await otherEstablishment.PostAsync($"Encounter/{sejour}/$liaison-document", FhirHttp.Json(DmpRecords.Inputs(author)));
        using var read = await otherEstablishment.GetAsync($"Encounter/{sejour}");

        Assert.Equal(read.StatusCode, make.StatusCode);
        Assert.Contains(make.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        Assert.Empty((await ReadAsync<Bundle>(Client, $"DocumentReference?subject={usager}"))!.Entry);
    }

    private async Task<string> SejourAsync(string usager, bool finished)
    {
        var hospital = await CreateAsync(Client, new Organization { Name = "CH de Boulogne" });
        return await CreateAsync(Client, new Encounter
        {
            Status = finished ? Encounter.EncounterStatus.Finished : Encounter.EncounterStatus.InProgress,
            Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP"),
            Subject = new ResourceReference(usager),
            Period = new Period { Start = "2024-02-01", End = finished ? "2026-12-05" : null },
            Hospitalization = new Encounter.HospitalizationComponent
            {
                Origin = new ResourceReference { Display = "Domicile" },
                Destination = new ResourceReference($"Organization/{hospital}"),
            },
            ReasonCode = [new CodeableConcept { Text = "Perte d'autonomie" }],
        });
    }
}
