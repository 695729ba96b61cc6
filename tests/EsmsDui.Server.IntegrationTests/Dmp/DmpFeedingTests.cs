using System.Net;
using EsmsDui.Connectors.Dmp.Feeding;
using EsmsDui.Connectors.Records;
using EsmsDui.Dossier.Oppositions;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;
using static EsmsDui.Server.IntegrationTests.MsSante.MsSanteRecords;

namespace EsmsDui.Server.IntegrationTests.Dmp;

/// <summary>
/// Feeding the DMP end to end (issue 17): <c>$dmp-send</c> records a Communication that the outbox worker submits to
/// a local DMP that checks the protocol (mutual TLS, MTOM, WS-Addressing, the signed VIHF, the XDS metadata); the
/// rules that keep a document home (identity not qualified, opposition, a closed DMP), the replacement of an earlier
/// version, the settling of a submission left in doubt, and retries that end stopped with the reason.
/// </summary>
public sealed class DmpFeedingTests(DmpConnectedServer fixture) : IClassFixture<DmpConnectedServer>
{
    private const string ExportAudit = "AuditEvent?type=http://dicom.nema.org/resources/ontology/DCM|110106";

    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task A_letter_of_a_qualified_usager_reaches_the_DMP_valid_and_its_sending_completes_with_the_entryUUID()
    {
        var (document, ins) = await LetterAsync(dmp: DmpState.Open);

        using var response = await Client.PostAsync($"DocumentReference/{document}/$dmp-send", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var sending = await FhirHttp.ReadAsync<Communication>(response);
        var completed = await EventuallyAsync(() => ReadAsync<Communication>(Client, $"Communication/{sending.Id}"), c => c.Status == EventStatus.Completed);
        var submission = Assert.Single(fixture.Dmp.Submissions, s => s.Submission.PatientId.StartsWith(ins, StringComparison.Ordinal));
        var entry = Assert.Single(submission.Submission.Documents);
        Assert.Equal(DmpSending.UniqueId(completed), entry.UniqueId);
        Assert.Equal(Assert.Single(fixture.Dmp.EntriesOf(ins)).EntryUuid, completed.GetExtensionValue<FhirString>(DmpSending.EntryUuidExtension).Value);
        Assert.Empty(OfficialCdaValidator.Errors(Assert.Single(submission.Documents).Value));
        Assert.Equal(("1010000001", "EsmsDui-test-DMP", "810001234567"), (submission.Vihf["Identifiant_Structure"], submission.Vihf["LPS_ID_HOMOLOGATION_DMP"], submission.Vihf["urn:oasis:names:tc:xspa:1.0:subject:subject-id"] == "MARTIN Claire" ? "810001234567" : "?"));
        Assert.Empty(fixture.Dmp.Violations);
        await EventuallyAsync(() => ReadAsync<Bundle>(Client, ExportAudit), b => b.Entry.Select(e => (AuditEvent)e.Resource)
            .Any(a => a.Entity.Any(x => x.What?.Reference == $"Communication/{sending.Id}") && a.Outcome == AuditEvent.AuditEventOutcome.N0));
    }

    [Fact]
    public async Task A_usager_without_a_qualified_identity_or_opposed_to_DMP_feeding_gets_422_and_nothing_is_recorded()
    {
        var (unqualified, _) = await LetterAsync(dmp: DmpState.Open, qualified: false);
        var (opposed, _) = await LetterAsync(dmp: DmpState.Open);
        var usager = (await ReadAsync<DocumentReference>(Client, $"DocumentReference/{opposed}"))!.Subject.Reference.Split('/')[1];
        await CreateAsync(Client, UsagerOppositions.Opposition(usager, OppositionChannel.Dmp, DateTimeOffset.UtcNow));

        using var first = await Client.PostAsync($"DocumentReference/{unqualified}/$dmp-send", null);
        using var second = await Client.PostAsync($"DocumentReference/{opposed}/$dmp-send", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, first.StatusCode);
        Assert.Contains("no qualified identity", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Contains("opposes the feeding of his DMP", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var recorded = await ReadAsync<Bundle>(Client, $"Communication?subject=Patient/{usager}");
        Assert.Empty(recorded!.Entry);
    }

    [Fact]
    public async Task A_closed_DMP_stops_the_sending_with_the_DMPs_reason_and_nothing_is_registered()
    {
        var (document, ins) = await LetterAsync(dmp: DmpState.Closed);

        var sending = await SendAsync(document);

        var stopped = await EventuallyAsync(() => ReadAsync<Communication>(Client, $"Communication/{sending}"), c => c.Status == EventStatus.Stopped);
        Assert.Contains("DMPClosed", stopped.StatusReason.Text, StringComparison.Ordinal);
        Assert.Empty(fixture.Dmp.EntriesOf(ins));
    }

    [Fact]
    public async Task A_revised_document_is_sent_as_the_replacement_of_the_entryUUID_of_its_previous_version()
    {
        var (document, ins) = await LetterAsync(dmp: DmpState.Open);
        var first = await SendAsync(document);
        var sent = await EventuallyAsync(() => ReadAsync<Communication>(Client, $"Communication/{first}"), c => c.Status == EventStatus.Completed);
        var previous = sent.GetExtensionValue<FhirString>(DmpSending.EntryUuidExtension).Value;
        var revised = (await ReadAsync<DocumentReference>(Client, $"DocumentReference/{document}"))!;
        revised.Description += " (révisé)";
        using (var put = await Client.PutAsync($"DocumentReference/{document}", FhirHttp.Json(revised)))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var second = await SendAsync(document);

        var replacing = await EventuallyAsync(() => ReadAsync<Communication>(Client, $"Communication/{second}"), c => c.Status == EventStatus.Completed);
        var submission = fixture.Dmp.Submissions.Last(s => s.Submission.PatientId.StartsWith(ins, StringComparison.Ordinal));
        Assert.Equal(previous, Assert.Single(submission.Submission.Replaces!).Value);
        var entries = fixture.Dmp.EntriesOf(ins);
        Assert.Equal("urn:oasis:names:tc:ebxml-regrep:StatusType:Deprecated", entries.Single(e => e.EntryUuid == previous).Status);
        Assert.Equal("urn:oasis:names:tc:ebxml-regrep:StatusType:Approved", entries.Single(e => e.UniqueId == DmpSending.UniqueId(replacing)).Status);
        Assert.Empty(OfficialCdaValidator.Errors(Assert.Single(submission.Documents).Value));
    }

    [Fact]
    public async Task A_sending_left_in_doubt_is_settled_by_asking_the_DMP_and_its_document_is_not_registered_twice()
    {
        var (document, ins) = await LetterAsync(dmp: DmpState.Open);
        var id = await SendAsync(document);
        var completed = await EventuallyAsync(() => ReadAsync<Communication>(Client, $"Communication/{id}"), c => c.Status == EventStatus.Completed);
        var submissions = fixture.Dmp.Submissions.Count;

        // As a node killed after the DMP registered the document and before the outcome was written leaves it.
        completed.Status = EventStatus.InProgress;
        completed.RemoveExtension(DmpSending.EntryUuidExtension);
        ConnectorSending.SetTime(completed, ConnectorSending.ClaimedUntilExtension, DateTimeOffset.UtcNow.AddSeconds(-1));
        using (var put = await Client.PutAsync($"Communication/{id}", FhirHttp.Json(completed)))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var settled = await EventuallyAsync(() => ReadAsync<Communication>(Client, $"Communication/{id}"), c => c.Status == EventStatus.Completed && c.GetExtension(DmpSending.EntryUuidExtension) is not null);
        Assert.Equal(submissions, fixture.Dmp.Submissions.Count);
        Assert.Single(fixture.Dmp.EntriesOf(ins));
        Assert.Equal(2, ConnectorSending.Attempts(settled));
    }

    [Fact]
    public async Task A_submission_whose_answer_did_not_come_in_time_is_settled_by_asking_the_DMP_before_sending_again()
    {
        var (document, ins) = await LetterAsync(dmp: DmpState.Open);
        // The DMP registers the document, then answers after the client's timeout (10 s).
        fixture.Dmp.SubmissionAnswerDelay = TimeSpan.FromSeconds(12);
        try
        {
            var id = await SendAsync(document);

            var completed = await EventuallyAsync(() => ReadAsync<Communication>(Client, $"Communication/{id}"), c => c.Status == EventStatus.Completed, seconds: 90);
            Assert.Equal(2, ConnectorSending.Attempts(completed));
            var entry = Assert.Single(fixture.Dmp.EntriesOf(ins));
            Assert.Equal(entry.EntryUuid, completed.GetExtensionValue<FhirString>(DmpSending.EntryUuidExtension).Value);
            Assert.Single(fixture.Dmp.Submissions, s => s.Submission.PatientId.StartsWith(ins, StringComparison.Ordinal));
        }
        finally
        {
            fixture.Dmp.SubmissionAnswerDelay = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task A_DMP_that_cannot_be_reached_is_tried_again_then_the_sending_stops_with_the_reason()
    {
        var (document, ins) = await LetterAsync(dmp: DmpState.Open);
        fixture.Dmp.Unavailable = true;
        try
        {
            var id = await SendAsync(document);

            var stopped = await EventuallyAsync(() => ReadAsync<Communication>(Client, $"Communication/{id}"), c => c.Status == EventStatus.Stopped);
            Assert.Equal(DmpConnectedServer.MaxAttempts, ConnectorSending.Attempts(stopped));
            Assert.Contains("HTTP 503", stopped.StatusReason.Text, StringComparison.Ordinal);
            Assert.Contains($"after {DmpConnectedServer.MaxAttempts} attempts", stopped.StatusReason.Text, StringComparison.Ordinal);
            Assert.Empty(fixture.Dmp.EntriesOf(ins));
        }
        finally
        {
            fixture.Dmp.Unavailable = false;
        }
    }

    [Fact]
    public async Task A_client_of_another_establishment_or_tenant_cannot_send_a_document_to_the_DMP_and_nothing_is_recorded()
    {
        var (document, ins) = await LetterAsync(dmp: DmpState.Open);
        var other = await CreateAsync(Client, Establishment("EHPAD Les Chênes", finess: "010000002"));
        var clientId = "dmp-other-" + Guid.NewGuid().ToString("N")[..6];
        await Security.Tokens.RegisterAsync(fixture.Server, clientId, "system/*.cruds", establishments: [other]);
        using var otherEstablishment = Security.Tokens.Client(fixture.Server, await Security.Tokens.GetAsync(fixture.Server, clientId, "system/*.cruds"));
        var tenantClientId = "dmp-tenant-" + Guid.NewGuid().ToString("N")[..6];
        await Security.Tokens.RegisterAsync(fixture.Server, tenantClientId, "system/*.cruds", tenant: Security.Secured.OtherTenant);
        using var otherTenant = Security.Tokens.Client(fixture.Server, await Security.Tokens.GetAsync(fixture.Server, tenantClientId, "system/*.cruds"), Security.Secured.OtherTenant);
        var usager = (await ReadAsync<DocumentReference>(Client, $"DocumentReference/{document}"))!.Subject.Reference;

        using var fromOtherEstablishment = await otherEstablishment.PostAsync($"DocumentReference/{document}/$dmp-send", null);
        using var fromOtherTenant = await otherTenant.PostAsync($"DocumentReference/{document}/$dmp-send", null);

        // The same answer as a direct read of the document by the same client, and no success.
        using var readFromOtherEstablishment = await otherEstablishment.GetAsync($"DocumentReference/{document}");
        using var readFromOtherTenant = await otherTenant.GetAsync($"DocumentReference/{document}");
        Assert.Equal(readFromOtherEstablishment.StatusCode, fromOtherEstablishment.StatusCode);
        Assert.Equal(readFromOtherTenant.StatusCode, fromOtherTenant.StatusCode);
        Assert.Contains(fromOtherEstablishment.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        Assert.Equal(HttpStatusCode.NotFound, fromOtherTenant.StatusCode);
        Assert.Empty((await ReadAsync<Bundle>(Client, $"Communication?subject={usager}"))!.Entry);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Empty(fixture.Dmp.EntriesOf(ins));
    }

    private async Task<string> SendAsync(string document)
    {
        using var response = await Client.PostAsync($"DocumentReference/{document}/$dmp-send", null);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await FhirHttp.ReadAsync<Communication>(response)).Id!;
    }

    // A letter (PDF) about a new usager of a new establishment, and the usager's DMP in the state given.
    private async Task<(string Document, string Ins)> LetterAsync(DmpState dmp, bool qualified = true)
    {
        var ins = TestIns.Next();
        var establishment = await CreateAsync(Client, Establishment("EHPAD Les Tilleuls"));
        var author = await CreateAsync(Client, Author());
        var usager = await CreateAsync(Client, Usager(UniqueFamily("DMP"), qualified ? ins : null, establishment));
        fixture.Dmp.Patients[ins] = dmp;
        return (await CreateAsync(Client, Letter(usager, author, establishment, "Lettre de liaison")), ins);
    }
}
