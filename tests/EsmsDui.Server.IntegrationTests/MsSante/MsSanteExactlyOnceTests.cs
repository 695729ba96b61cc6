using System.Net;
using EsmsDui.Connectors.MsSante.Outbox;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;
using Microsoft.Data.Sqlite;
using static EsmsDui.Server.IntegrationTests.MsSante.MsSanteRecords;

namespace EsmsDui.Server.IntegrationTests.MsSante;

/// <summary>
/// Exactly once across a crash: the server process is killed after the operator accepted the mail and before the
/// sending could be marked completed (the database write is held back by a lock the test takes), then started again
/// on the same data. The sending is then in doubt; the operator's copy of sent mails shows the mail left, so it is
/// completed without sending it again.
/// </summary>
[Collection(MsSanteServers.Name)]
public sealed class MsSanteExactlyOnceTests(MsSanteConnectedServers servers)
{
    [Fact]
    public async Task The_server_killed_while_sending_and_restarted_delivers_the_mail_exactly_once()
    {
        var folder = Directory.CreateTempSubdirectory("esmsdui-crash-").FullName;
        try
        {
            var mailbox = "ehpad-" + Guid.NewGuid().ToString("N")[..6] + "@" + MailServers.Domain;
            var recipient = "chu-" + Guid.NewGuid().ToString("N")[..6] + "@" + MailServers.Domain;
            // The slow port: its SMTP server waits 4 s before accepting the mail's content, time to catch the sending in flight.
            var settings = servers.Settings(mailbox, servers.Mail.Tokens.Register(mailbox), servers.Mail.SlowSmtpPort, new()
            {
                ["MsSante:Receive"] = "false",
                ["MsSante:Timeout"] = "00:00:10",
                ["Logging:LogLevel:EsmsDui.Connectors"] = "Information",
            });
            string sending;
            await using (var server = await ServerProcess.StartAsync(folder, settings))
            {
                var establishment = await CreateAsync(server.Client, Establishment("EHPAD Les Tilleuls"));
                var author = await CreateAsync(server.Client, Author());
                var usager = await CreateAsync(server.Client, Usager(UniqueFamily("LEROY"), TestIns.Next(), establishment));
                var document = await CreateAsync(server.Client, Letter(usager, author, establishment, "Lettre de liaison"));
                using var response = await SendAsync(server.Client, document, ("address", new FhirString(recipient)));
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                sending = (await FhirHttp.ReadAsync<Communication>(response)).Id!;
                await EventuallyAsync(() => ReadAsync<Communication>(server.Client, $"Communication/{sending}"), c => c.Status == EventStatus.InProgress, seconds: 30);

                // The worker is in the SMTP exchange: from now on no write reaches the database.
                await using var database = new SqliteConnection($"Data Source={Path.Combine(folder, "esmsdui.db")}");
                await database.OpenAsync();
                await using (var take = database.CreateCommand())
                {
                    take.CommandText = "BEGIN IMMEDIATE;";
                    await take.ExecuteNonQueryAsync();
                }

                await EventuallyAsync(async () => (await servers.Mail.InboxAsync(recipient)).Count > 0 ? "delivered" : null, _ => true, seconds: 30);
                await server.KillAsync();
            }

            SqliteConnection.ClearAllPools();
            await using (var server = await ServerProcess.StartAsync(folder, settings))
            {
                var completed = await EventuallyAsync(() => ReadAsync<Communication>(server.Client, $"Communication/{sending}"), c => c.Status == EventStatus.Completed, seconds: 90);

                // Claimed again after the restart (the completion never reached the database), and settled by the sent copy.
                Assert.Equal(2, MsSanteSending.Attempts(completed));
                var messageId = MsSanteSending.MessageId(completed)!;
                Assert.Single(await servers.Mail.InboxAsync(recipient), m => m.Contains(messageId, StringComparison.Ordinal));
                Assert.Single(await servers.Mail.InboxAsync(mailbox, "Sent"), m => m.Contains(messageId, StringComparison.Ordinal));
                Assert.Contains("in the sent copy", await File.ReadAllTextAsync(Path.Combine(folder, "server.log")), StringComparison.Ordinal);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
