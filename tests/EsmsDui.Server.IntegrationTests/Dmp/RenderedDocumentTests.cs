using System.Net;
using System.Text;
using EsmsDui.Connectors.Dmp.Feeding;
using EsmsDui.Connectors.Dmp.Xds;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;
using static EsmsDui.Server.IntegrationTests.MsSante.MsSanteRecords;

namespace EsmsDui.Server.IntegrationTests.Dmp;

/// <summary>
/// Documents rendered from the record (issue 17): <c>CarePlan/[id]/$projet-document</c> renders the projet personnalisé
/// as a PDF in a DocumentReference (LOINC 80788-3); sent to the DMP it passes the official CDA validator; revised and
/// rendered again it is a new version of the same DocumentReference, which the DMP receives as the replacement of the
/// first entry. <c>QuestionnaireResponse/[id]/$evaluation-document</c> does the same for an AGGIR evaluation (34842-5).
/// </summary>
public sealed class RenderedDocumentTests(DmpConnectedServer fixture) : IClassFixture<DmpConnectedServer>
{
    private const string Tddui = "https://interop.esante.gouv.fr/ig/fhir/tddui/StructureDefinition/";

    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task A_projet_is_rendered_as_a_PDF_document_and_once_revised_it_replaces_its_entry_in_the_DMP()
    {
        var (carePlan, usager, ins) = await ProjetAsync();

        using var rendered = await Client.PostAsync($"CarePlan/{carePlan.Id}/$projet-document", null);

        Assert.True(rendered.StatusCode == HttpStatusCode.Created, await rendered.Content.ReadAsStringAsync());
        var document = await FhirHttp.ReadAsync<DocumentReference>(rendered);
        Assert.Equal(("http://loinc.org", "80788-3"), (document.Type.Coding[0].System, document.Type.Coding[0].Code));
        Assert.Equal($"CarePlan/{carePlan.Id}", Assert.Single(document.Context.Related).Reference);
        Assert.Equal(usager, document.Subject.Reference);
        var pdf = (await ReadAsync<Binary>(Client, document.Content[0].Attachment.Url))!.Data;
        var text = Encoding.Latin1.GetString(pdf);
        Assert.StartsWith("%PDF-", text, StringComparison.Ordinal);
        Assert.Contains("/FontFile2", text, StringComparison.Ordinal);
        Assert.Contains("pdfaid:part", text, StringComparison.Ordinal);
        Assert.Equal(pdf.Length, (int)((UnsignedInt)document.Content[0].Attachment.SizeElement).Value!);

        var first = await DmpRecords.FedAsync(Client, document.Id!);
        var firstEntry = Assert.Single(fixture.Dmp.EntriesOf(ins));
        Assert.Empty(OfficialCdaValidator.Errors(Assert.Single(fixture.Dmp.Submissions, s => s.Submission.PatientId.StartsWith(ins, StringComparison.Ordinal)).Documents.Values.Single()));

        carePlan.Title = "Projet personnalisé révisé";
        (await Client.PutAsync($"CarePlan/{carePlan.Id}", FhirHttp.Json(carePlan))).EnsureSuccessStatusCode();
        using var again = await Client.PostAsync($"CarePlan/{carePlan.Id}/$projet-document", null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var revised = await FhirHttp.ReadAsync<DocumentReference>(again);
        Assert.Equal((document.Id, "2"), (revised.Id, revised.Meta.VersionId));
        Assert.Equal("Projet personnalisé révisé", revised.Description);

        var second = await DmpRecords.FedAsync(Client, document.Id!);
        Assert.NotEqual(DmpSending.UniqueId(first), DmpSending.UniqueId(second));
        var replacement = Assert.Single(fixture.Dmp.Submissions, s => s.Submission.Documents.Any(d => d.UniqueId == DmpSending.UniqueId(second)));
        Assert.Equal(firstEntry.EntryUuid, Assert.Single(replacement.Submission.Replaces!).Value);
        Assert.Empty(OfficialCdaValidator.Errors(replacement.Documents.Values.Single()));
        Assert.Equal(StoredQuery.Approved, fixture.Dmp.EntriesOf(ins).Single(e => e.UniqueId == DmpSending.UniqueId(second)).Status);
        Assert.NotEqual(StoredQuery.Approved, fixture.Dmp.EntriesOf(ins).Single(e => e.UniqueId == firstEntry.UniqueId).Status);
        Assert.Empty(fixture.Dmp.Violations);
    }

    [Fact]
    public async Task An_AGGIR_evaluation_is_rendered_as_a_grid_document_that_reaches_the_DMP_valid()
    {
        var (_, usager, ins) = await ProjetAsync();
        var evaluation = Evaluation(usager);
        evaluation.Author = new ResourceReference($"Practitioner/{await CreateAsync(Client, Author())}");
        var evaluationId = await CreateAsync(Client, evaluation);

        using var rendered = await Client.PostAsync($"QuestionnaireResponse/{evaluationId}/$evaluation-document", null);
        using var again = await Client.PostAsync($"QuestionnaireResponse/{evaluationId}/$evaluation-document", null);

        Assert.True(rendered.StatusCode == HttpStatusCode.Created, await rendered.Content.ReadAsStringAsync());
        var document = await FhirHttp.ReadAsync<DocumentReference>(rendered);
        Assert.Equal(("http://loinc.org", "34842-5"), (document.Type.Coding[0].System, document.Type.Coding[0].Code));
        Assert.Equal($"QuestionnaireResponse/{evaluationId}", Assert.Single(document.Context.Related).Reference);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((document.Id, "2"), ((await FhirHttp.ReadAsync<DocumentReference>(again)).Id, (await FhirHttp.ReadAsync<DocumentReference>(again)).Meta.VersionId));
        var sent = await DmpRecords.FedAsync(Client, document.Id!);
        var submission = Assert.Single(fixture.Dmp.Submissions, s => s.Submission.Documents.Any(d => d.UniqueId == DmpSending.UniqueId(sent)));
        Assert.Equal("34842-5", submission.Submission.Documents[0].Type.Code);
        var errors = OfficialCdaValidator.Errors(submission.Documents.Values.Single());
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        Assert.Contains(fixture.Dmp.EntriesOf(ins), e => e.UniqueId == DmpSending.UniqueId(sent));
    }

    [Fact]
    public async Task A_client_of_another_establishment_gets_what_a_direct_read_of_the_projet_or_evaluation_gives_and_nothing_is_written()
    {
        var (carePlan, usager, _) = await ProjetAsync();
        var other = await CreateAsync(Client, Establishment("EHPAD Les Chênes", finess: "010000002"));
        var clientId = "projet-other-" + Guid.NewGuid().ToString("N")[..6];
        await Security.Tokens.RegisterAsync(fixture.Server, clientId, "system/*.cruds", establishments: [other]);
        using var otherEstablishment = Security.Tokens.Client(fixture.Server, await Security.Tokens.GetAsync(fixture.Server, clientId, "system/*.cruds"));

        var evaluation = await CreateAsync(Client, Evaluation(usager));

        using var render = await otherEstablishment.PostAsync($"CarePlan/{carePlan.Id}/$projet-document", null);
        using var read = await otherEstablishment.GetAsync($"CarePlan/{carePlan.Id}");
        using var renderEvaluation = await otherEstablishment.PostAsync($"QuestionnaireResponse/{evaluation}/$evaluation-document", null);
        using var readEvaluation = await otherEstablishment.GetAsync($"QuestionnaireResponse/{evaluation}");

        Assert.Equal(read.StatusCode, render.StatusCode);
        Assert.Contains(render.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        Assert.Equal(readEvaluation.StatusCode, renderEvaluation.StatusCode);
        Assert.Contains(renderEvaluation.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        Assert.Empty((await ReadAsync<Bundle>(Client, $"DocumentReference?subject={usager}"))!.Entry);
    }

    // The official TDDUI AGGIR PA example, about the usager.
    private static QuestionnaireResponse Evaluation(string usager)
    {
        var path = Path.Combine(FrenchProfiles.PackageFolder, "examples", "tddui-2.2.0", "QuestionnaireResponse-tddui-questionnaire-response-aggir-pa-example.json");
        var evaluation = (QuestionnaireResponse)FhirHttp.Serializer.ParseJson(File.ReadAllBytes(path));
        evaluation.Id = null;
        evaluation.Subject = new ResourceReference(usager);
        return evaluation;
    }

    // A qualified usager of a new establishment with a projet personnalisé, one besoin, one objectif and one action.
    private async Task<(CarePlan CarePlan, string Usager, string Ins)> ProjetAsync()
    {
        var ins = TestIns.Next();
        fixture.Dmp.Patients[ins] = DmpState.Open;
        var establishment = await CreateAsync(Client, Establishment("EHPAD Les Tilleuls"));
        var author = await CreateAsync(Client, Author());
        var usager = "Patient/" + await CreateAsync(Client, Usager(UniqueFamily("PROJET"), ins, establishment));
        var carePlanId = await CreateAsync(Client, new CarePlan
        {
            Status = RequestStatus.Active,
            Intent = CarePlan.CarePlanIntent.Plan,
            Title = "Projet personnalisé d'accompagnement",
            Category = [new CodeableConcept { Coding = [new Coding("https://smt.esante.gouv.fr/fhir/CodeSystem/tre-r390-type-projet-personnalise", "PPA", "Projet personnalisé d'accompagnement")] }],
            Subject = new ResourceReference(usager),
            Period = new Period { Start = "2026-09-01", End = "2027-08-31" },
            Author = new ResourceReference($"Practitioner/{author}"),
        });
        var besoin = await CreateAsync(Client, new ServiceRequest
        {
            Status = RequestStatus.Active,
            Intent = RequestIntent.Plan,
            BasedOn = [new ResourceReference($"CarePlan/{carePlanId}")],
            Code = new CodeableConcept { Text = "Maintenir la marche au quotidien" },
            Subject = new ResourceReference(usager),
        });
        await CreateAsync(Client, new Goal
        {
            Extension = [new Extension(Tddui + "tddui-careplan-reference", new ResourceReference($"CarePlan/{carePlanId}"))],
            LifecycleStatus = Goal.GoalLifecycleStatus.Active,
            Description = new CodeableConcept { Text = "Marcher jusqu'à la salle à manger avec un déambulateur" },
            Subject = new ResourceReference(usager),
            Addresses = [new ResourceReference($"ServiceRequest/{besoin}")],
        });
        await CreateAsync(Client, new Hl7.Fhir.Model.Task
        {
            Status = Hl7.Fhir.Model.Task.TaskStatus.InProgress,
            Intent = Hl7.Fhir.Model.Task.TaskIntent.Plan,
            BasedOn = [new ResourceReference($"CarePlan/{carePlanId}")],
            Description = "Séance de kinésithérapie deux fois par semaine",
            For = new ResourceReference(usager),
        });
        return ((await ReadAsync<CarePlan>(Client, $"CarePlan/{carePlanId}"))!, usager, ins);
    }
}
