using EsmsDui.Connectors.Records;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;
using static EsmsDui.Server.IntegrationTests.MsSante.MsSanteRecords;

namespace EsmsDui.Server.IntegrationTests.Dmp;

/// <summary>A server given an expired signing certificate (issue 17): each sending is tried again, then stops with the reason; the DMP receives nothing.</summary>
public sealed class DmpExpiredCertificateTests(DmpServerWithExpiredCertificate fixture) : IClassFixture<DmpServerWithExpiredCertificate>
{
    [Fact]
    public async Task A_sending_with_an_expired_certificate_is_tried_again_then_stops_with_the_reason_and_nothing_reaches_the_DMP()
    {
        var client = fixture.Client;
        var ins = TestIns.Next();
        fixture.Dmp.Patients[ins] = DmpState.Open;
        var establishment = await CreateAsync(client, Establishment("EHPAD Les Tilleuls"));
        var author = await CreateAsync(client, Author());
        var usager = await CreateAsync(client, Usager(UniqueFamily("EXPIRE"), ins, establishment));
        var document = await CreateAsync(client, Letter(usager, author, establishment, "Lettre de liaison"));

        using var response = await client.PostAsync($"DocumentReference/{document}/$dmp-send", null);
        var sending = await FhirHttp.ReadAsync<Communication>(response);
        var stopped = await EventuallyAsync(() => ReadAsync<Communication>(client, $"Communication/{sending.Id}"), c => c.Status == EventStatus.Stopped);

        Assert.Equal(DmpConnectedServer.MaxAttempts, ConnectorSending.Attempts(stopped));
        Assert.Contains("certificate has expired", stopped.StatusReason.Text, StringComparison.Ordinal);
        Assert.Empty(fixture.Dmp.EntriesOf(ins));
        Assert.DoesNotContain(fixture.Dmp.Submissions, s => s.Submission.PatientId.StartsWith(ins, StringComparison.Ordinal));
    }
}
