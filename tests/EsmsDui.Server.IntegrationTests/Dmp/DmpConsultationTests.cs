using System.Net;
using EsmsDui.Connectors.Dmp.Consultation;
using EsmsDui.Connectors.Dmp.Feeding;
using EsmsDui.Connectors.Dmp.Xds;
using EsmsDui.Connectors.Records;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;
using static EsmsDui.Server.IntegrationTests.MsSante.MsSanteRecords;

namespace EsmsDui.Server.IntegrationTests.Dmp;

/// <summary>
/// Reading and managing the usager's DMP (issue 17, TD3.1 to TD3.3): <c>$dmp-fetch</c> takes the DMP's documents into
/// the record once each, whatever brought them; <c>$dmp-manage</c> sends the ITI-57 request of each action and the
/// record mirrors what the DMP did; both answer a client that cannot read the record as a direct read does.
/// </summary>
public sealed class DmpConsultationTests(DmpConnectedServer fixture) : IClassFixture<DmpConnectedServer>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Fetching_the_DMP_twice_stores_each_document_once_and_not_those_the_record_already_has()
    {
        var (letter, usager, ins) = await LetterAsync(DmpState.Open);
        var fed = await DmpRecords.FedAsync(Client, letter);
        var (first, firstContent) = Seed(ins);
        var (second, _) = Seed(ins);
        var (receivedByMail, _) = Seed(ins);
        // As the MSSanté connector stores a document it received: its uniqueId as masterIdentifier.
        await CreateAsync(Client, new DocumentReference
        {
            MasterIdentifier = ReceivedDocuments.MasterIdentifier(receivedByMail),
            Status = DocumentReferenceStatus.Current,
            Subject = new ResourceReference(usager),
            Content = [new DocumentReference.ContentComponent { Attachment = new Attachment { ContentType = "application/pdf", Data = Pdf } }],
        });

        var firstFetch = await FetchAsync(usager);
        var secondFetch = await FetchAsync(usager);

        Assert.Equal((2, 2, 0), Counts(firstFetch));
        Assert.Equal((0, 4, 0), Counts(secondFetch));
        var documents = (await ReadAsync<Bundle>(Client, $"DocumentReference?subject={usager}"))!.Entry.Select(e => (DocumentReference)e.Resource).ToList();
        Assert.Equal(4, documents.Count);
        var copy = Assert.Single(documents, d => d.MasterIdentifier?.Value == "urn:oid:" + first);
        Assert.Single(documents, d => d.MasterIdentifier?.Value == "urn:oid:" + second);
        Assert.DoesNotContain(documents, d => d.MasterIdentifier?.Value == "urn:oid:" + DmpSending.UniqueId(fed));
        Assert.Equal(fixture.Dmp.EntriesOf(ins).Single(e => e.UniqueId == first).EntryUuid, copy.Identifier.Single(i => i.System == DmpEntryIdentifiers.EntryUuidSystem).Value);
        var binary = await ReadAsync<Binary>(Client, copy.Content[0].Attachment.Url);
        Assert.Equal(firstContent, binary!.Data);
        Assert.Equal(new[] { first, second }.Order(), fixture.Dmp.Retrievals.Where(r => r == first || r == second || r == receivedByMail).Order());
        Assert.Empty(fixture.Dmp.Violations);
    }

    [Fact]
    public async Task Fetching_for_an_unqualified_usager_or_a_closed_DMP_gets_422_and_stores_nothing()
    {
        var (_, unqualified, _) = await LetterAsync(DmpState.Open, qualified: false);
        var (_, closed, closedIns) = await LetterAsync(DmpState.Closed);
        var asked = fixture.Dmp.RequestCount;

        using var notQualified = await Client.PostAsync($"{unqualified}/$dmp-fetch", null);
        Assert.Equal(asked, fixture.Dmp.RequestCount);
        Seed(closedIns);
        using var closedDmp = await Client.PostAsync($"{closed}/$dmp-fetch", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, notQualified.StatusCode);
        Assert.Contains("no qualified identity", await notQualified.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, closedDmp.StatusCode);
        Assert.Contains("DMPClosed", await closedDmp.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single((await ReadAsync<Bundle>(Client, $"DocumentReference?subject={closed}"))!.Entry);
    }

    [Theory]
    [InlineData("mask-from-professionals", null, "MASQUE_PS")]
    [InlineData("hide-from-usager", null, "INVISIBLE_PATIENT")]
    [InlineData("hide-from-legal-representatives", null, "INVISIBLE_REP_LEGAUX")]
    [InlineData("archive", StoredQuery.Archived, null)]
    [InlineData("delete", StoredQuery.Deleted, null)]
    public async Task Each_action_on_a_fed_document_sends_its_ITI57_request_and_the_feeding_mirrors_the_DMP(string action, string? status, string? visibility)
    {
        var (letter, _, ins) = await LetterAsync(DmpState.Open);
        var uniqueId = DmpSending.UniqueId(await DmpRecords.FedAsync(Client, letter));

        using var response = await Client.PostAsync($"DocumentReference/{letter}/$dmp-manage?action={action}", null);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var update = Assert.Single(fixture.Dmp.Updates, u => u.UniqueId == uniqueId);
        Assert.Equal(status, update.NewStatus);
        var mirror = await FhirHttp.ReadAsync<Communication>(response);
        var entry = fixture.Dmp.EntriesOf(ins).Single(e => e.UniqueId == uniqueId && e.Status == (status ?? StoredQuery.Approved));
        Assert.Equal(entry.EntryUuid, mirror.GetExtensionValue<FhirString>(DmpSending.EntryUuidExtension).Value);
        Assert.Equal((status ?? StoredQuery.Approved).Split(':')[^1], mirror.GetExtensionValue<Code>(DmpSending.AvailabilityExtension).Value);
        Assert.Equal(visibility is null ? [] : [visibility], mirror.GetExtensions(DmpSending.VisibilityExtension).Select(e => ((Coding)e.Value).Code));
        Assert.Empty(fixture.Dmp.Violations);
    }

    [Fact]
    public async Task Masking_a_copy_taken_from_the_DMP_mirrors_its_new_entry_on_the_DocumentReference()
    {
        var (_, usager, ins) = await LetterAsync(DmpState.Open);
        var (uniqueId, _) = Seed(ins);
        var copy = ((ResourceReference)(await FetchAsync(usager)).Parameter.Single(p => p.Name == "document").Value).Reference;

        using var response = await Client.PostAsync($"{copy}/$dmp-manage?action=mask-from-professionals", null);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var mirrored = await FhirHttp.ReadAsync<DocumentReference>(response);
        var current = fixture.Dmp.EntriesOf(ins).Single(e => e.UniqueId == uniqueId && e.Status == StoredQuery.Approved);
        Assert.Contains("MASQUE_PS", current.Confidentiality);
        Assert.Equal(current.EntryUuid, mirrored.Identifier.Single(i => i.System == DmpEntryIdentifiers.EntryUuidSystem).Value);
        Assert.Contains(mirrored.SecurityLabel, l => l.Coding.Exists(c => c.Code == "MASQUE_PS"));
        Assert.Equal("urn:oid:" + uniqueId, mirrored.MasterIdentifier.Value);
    }

    [Fact]
    public async Task An_unknown_action_gets_400_and_a_document_not_in_the_DMP_gets_422_and_nothing_is_asked()
    {
        var (letter, _, _) = await LetterAsync(DmpState.Open);
        var updates = fixture.Dmp.Updates.Count;

        using var unknown = await Client.PostAsync($"DocumentReference/{letter}/$dmp-manage?action=hide", null);
        using var notInDmp = await Client.PostAsync($"DocumentReference/{letter}/$dmp-manage?action=archive", null);

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("mask-from-professionals", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notInDmp.StatusCode);
        Assert.Contains("is not in the usager's DMP", await notInDmp.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(updates, fixture.Dmp.Updates.Count);
    }

    [Fact]
    public async Task A_client_of_another_establishment_or_tenant_gets_what_a_direct_read_gives_and_the_DMP_is_not_asked()
    {
        var (letter, usager, ins) = await LetterAsync(DmpState.Open);
        await DmpRecords.FedAsync(Client, letter);
        Seed(ins);
        var other = await CreateAsync(Client, Establishment("EHPAD Les Chênes", finess: "010000002"));
        var clientId = "dmp-other-" + Guid.NewGuid().ToString("N")[..6];
        await Security.Tokens.RegisterAsync(fixture.Server, clientId, "system/*.cruds", establishments: [other]);
        using var otherEstablishment = Security.Tokens.Client(fixture.Server, await Security.Tokens.GetAsync(fixture.Server, clientId, "system/*.cruds"));
        var tenantClientId = "dmp-tenant-" + Guid.NewGuid().ToString("N")[..6];
        await Security.Tokens.RegisterAsync(fixture.Server, tenantClientId, "system/*.cruds", tenant: Security.Secured.OtherTenant);
        using var otherTenant = Security.Tokens.Client(fixture.Server, await Security.Tokens.GetAsync(fixture.Server, tenantClientId, "system/*.cruds"), Security.Secured.OtherTenant);
        var asked = fixture.Dmp.RequestCount;

        foreach (var client in new[] { otherEstablishment, otherTenant })
        {
            using var fetch = await client.PostAsync($"{usager}/$dmp-fetch", null);
            using var manage = await client.PostAsync($"DocumentReference/{letter}/$dmp-manage?action=archive", null);
            using var readUsager = await client.GetAsync(usager);
            using var readDocument = await client.GetAsync($"DocumentReference/{letter}");

            Assert.Equal(readUsager.StatusCode, fetch.StatusCode);
            Assert.Equal(readDocument.StatusCode, manage.StatusCode);
            Assert.Contains(fetch.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        }

        Assert.Equal(asked, fixture.Dmp.RequestCount);
        Assert.Single((await ReadAsync<Bundle>(Client, $"DocumentReference?subject={usager}"))!.Entry);
    }

    [Fact]
    public async Task A_document_archived_in_the_DMP_since_it_was_taken_or_fed_is_mirrored_as_archived_at_the_next_fetch()
    {
        var (letter, usager, ins) = await LetterAsync(DmpState.Open);
        var fed = await DmpRecords.FedAsync(Client, letter);
        var (uniqueId, _) = Seed(ins);
        var first = await FetchAsync(usager);
        var copy = ((ResourceReference)first.Parameter.Single(p => p.Name == "document").Value).Reference;

        fixture.Dmp.Archive(uniqueId);
        fixture.Dmp.Archive(DmpSending.UniqueId(fed)!);
        var second = await FetchAsync(usager);
        var third = await FetchAsync(usager);

        Assert.Equal((0, 2, 2), (Counts(second).Stored, Counts(second).Known, Count(second, "updated")));
        Assert.Equal(0, Count(third, "updated"));
        Assert.Equal("Archived", (await ReadAsync<DocumentReference>(Client, copy))!.GetExtensionValue<Code>(DmpSending.AvailabilityExtension).Value);
        Assert.Equal("Archived", (await ReadAsync<Communication>(Client, $"Communication/{fed.Id}"))!.GetExtensionValue<Code>(DmpSending.AvailabilityExtension).Value);
        Assert.Empty(fixture.Dmp.Violations);
    }

    [Fact]
    public async Task A_client_that_may_read_but_not_record_gets_403_and_the_DMP_is_not_asked()
    {
        var (letter, usager, ins) = await LetterAsync(DmpState.Open);
        await DmpRecords.FedAsync(Client, letter);
        Seed(ins);
        var readerId = "dmp-reader-" + Guid.NewGuid().ToString("N")[..6];
        await Security.Tokens.RegisterAsync(fixture.Server, readerId, "system/*.rs");
        using var reader = Security.Tokens.Client(fixture.Server, await Security.Tokens.GetAsync(fixture.Server, readerId, "system/*.rs"));
        var asked = fixture.Dmp.RequestCount;

        using var fetch = await reader.PostAsync($"{usager}/$dmp-fetch", null);
        using var manage = await reader.PostAsync($"DocumentReference/{letter}/$dmp-manage?action=delete", null);

        Assert.Equal(HttpStatusCode.Forbidden, fetch.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, manage.StatusCode);
        Assert.Equal(asked, fixture.Dmp.RequestCount);
        Assert.All(fixture.Dmp.EntriesOf(ins), e => Assert.Equal(StoredQuery.Approved, e.Status));
        Assert.Single((await ReadAsync<Bundle>(Client, $"DocumentReference?subject={usager}"))!.Entry);
    }

    private static (int Stored, int Known, int Remaining) Counts(Parameters answer) =>
        (Count(answer, "stored"), Count(answer, "alreadyInRecord"), Count(answer, "remaining"));

    private static int Count(Parameters answer, string name) => ((Integer)answer.Parameter.Single(p => p.Name == name).Value).Value!.Value;

    private async Task<Parameters> FetchAsync(string usager)
    {
        using var response = await Client.PostAsync($"{usager}/$dmp-fetch", null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await FhirHttp.ReadAsync<Parameters>(response);
    }

    // A document another structure registered in the usager's DMP: its uniqueId and content.
    private (string UniqueId, byte[] Content) Seed(string ins)
    {
        var (submission, documents) = SampleDocuments.DmpSubmission(ins);
        fixture.Dmp.Seed(submission, documents);
        return (submission.Documents[0].UniqueId, documents.Values.Single());
    }

    // A letter (PDF) about a new usager of a new establishment, and the usager's DMP in the state given.
    private async Task<(string Document, string Usager, string Ins)> LetterAsync(DmpState dmp, bool qualified = true)
    {
        var ins = TestIns.Next();
        var establishment = await CreateAsync(Client, Establishment("EHPAD Les Tilleuls"));
        var author = await CreateAsync(Client, Author());
        var usager = await CreateAsync(Client, Usager(UniqueFamily("DMP"), qualified ? ins : null, establishment));
        fixture.Dmp.Patients[ins] = dmp;
        return (await CreateAsync(Client, Letter(usager, author, establishment, "Lettre de liaison")), $"Patient/{usager}", ins);
    }
}
