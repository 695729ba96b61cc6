using System.Net;
using EsmsDui.Connectors.Dmp.Feeding;
using EsmsDui.Connectors.Records;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;
using Microsoft.Data.Sqlite;
using static EsmsDui.Server.IntegrationTests.MsSante.MsSanteRecords;

namespace EsmsDui.Server.IntegrationTests.Dmp;

/// <summary>
/// Exactly once across a crash: the server process is killed (SIGKILL) after the DMP registered the document and
/// before its answer came back, then started again on the same data. The feeding is then in doubt; the DMP lists
/// the document's uniqueId, so the feeding is completed without submitting it again.
/// </summary>
public sealed class DmpExactlyOnceTests
{
    [Fact]
    public async Task The_server_killed_during_a_submission_and_restarted_submits_the_document_exactly_once()
    {
        using var folder = new TemporaryFolder("esmsdui-dmp-crash-");
        using var certificates = new TestCertificates(Directory.CreateDirectory(Path.Combine(folder.Path, "pki")).FullName);
        var signing = certificates.IssueStructureCertificate("EHPAD Les Tilleuls signature", signing: true).Path;
        await using var dmp = await LocalDmp.StartAsync(certificates);
        var settings = new Dictionary<string, string>
        {
            ["Dmp:RepositoryEndpoint"] = dmp.Endpoint.AbsoluteUri,
            ["Dmp:RegistryEndpoint"] = dmp.RegistryEndpoint.AbsoluteUri,
            ["Dmp:AuthenticationCertificatePath"] = certificates.ClientPath,
            ["Dmp:AuthenticationCertificatePassword"] = TestCertificates.ClientPassword,
            ["Dmp:SigningCertificatePath"] = signing,
            ["Dmp:SigningCertificatePassword"] = TestCertificates.ClientPassword,
            ["Dmp:ServerCaCertificatePath"] = certificates.AuthorityPath,
            ["Dmp:LpsHomologationId"] = "EsmsDui-test-DMP",
            ["Dmp:PollInterval"] = "00:00:01",
            // The claim of an attempt lasts 3 timeouts and 10 s: the restarted server takes the feeding back after 25 s at most.
            ["Dmp:Timeout"] = "00:00:05",
            ["Logging:LogLevel:EsmsDui.Connectors"] = "Information",
        };
        var ins = TestIns.Next();
        dmp.Patients[ins] = DmpState.Open;
        dmp.SubmissionAnswerDelay = TimeSpan.FromMinutes(1);
        string sending;
        await using (var server = await ServerProcess.StartAsync(folder.Path, settings))
        {
            var establishment = await CreateAsync(server.Client, Establishment("EHPAD Les Tilleuls"));
            var author = await CreateAsync(server.Client, Author());
            var usager = await CreateAsync(server.Client, Usager(UniqueFamily("DMP"), ins, establishment));
            var document = await CreateAsync(server.Client, Letter(usager, author, establishment, "Lettre de liaison"));
            using var response = await server.Client.PostAsync($"DocumentReference/{document}/$dmp-send", null);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            sending = (await FhirHttp.ReadAsync<Communication>(response)).Id!;

            // Registered by the DMP, its answer not yet sent: the process dies.
            await EventuallyAsync(() => System.Threading.Tasks.Task.FromResult<string?>(dmp.EntriesOf(ins).Count > 0 ? "registered" : null), _ => true, seconds: 30);
            await server.KillAsync();
        }

        dmp.SubmissionAnswerDelay = TimeSpan.Zero;
        SqliteConnection.ClearAllPools();
        await using (var server = await ServerProcess.StartAsync(folder.Path, settings))
        {
            var completed = await EventuallyAsync(() => ReadAsync<Communication>(server.Client, $"Communication/{sending}"), c => c.Status == EventStatus.Completed, seconds: 90);

            Assert.Equal(2, ConnectorSending.Attempts(completed));
            var entry = Assert.Single(dmp.EntriesOf(ins));
            Assert.Equal(entry.EntryUuid, completed.GetExtensionValue<FhirString>(DmpSending.EntryUuidExtension).Value);
            Assert.Single(dmp.Submissions);
            Assert.Contains($"Communication/{sending} was in doubt and its document is in the DMP", await File.ReadAllTextAsync(Path.Combine(folder.Path, "server.log")), StringComparison.Ordinal);
            Assert.Empty(dmp.Violations);
        }

        SqliteConnection.ClearAllPools();
    }
}
