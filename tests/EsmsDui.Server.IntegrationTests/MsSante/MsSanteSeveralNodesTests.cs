using System.Net;
using EsmsDui.Connectors.MsSante.Outbox;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;
using static EsmsDui.Server.IntegrationTests.MsSante.MsSanteRecords;

namespace EsmsDui.Server.IntegrationTests.MsSante;

/// <summary>
/// Two nodes on one PostgreSQL database, both running the outbox worker for the same mailbox: each sending is claimed
/// by one of them (the other's If-Match loses) and every mail leaves once.
/// </summary>
[Collection(MsSanteServers.Name)]
public sealed class MsSanteSeveralNodesTests(MsSanteConnectedServers servers)
{
    [Fact]
    public async Task Two_nodes_deliver_each_sending_once()
    {
        var database = "esmsdui_" + Guid.NewGuid().ToString("N")[..12];
        var mailbox = "ehpad-" + Guid.NewGuid().ToString("N")[..6] + "@" + MailServers.Domain;
        var recipient = "chu-" + Guid.NewGuid().ToString("N")[..6] + "@" + MailServers.Domain;
        var settings = servers.Settings(mailbox, servers.Mail.Tokens.Register(mailbox), servers.Mail.SmtpPort, new() { ["MsSante:Receive"] = "false", ["MsSante:PollInterval"] = "00:00:00.300" });
        await using var first = new MsSanteConnectedServers.PostgresNode(database, settings);
        await first.InitializeAsync();
        await using var second = new MsSanteConnectedServers.PostgresNode(database, settings);
        await second.InitializeAsync();
        var establishment = await CreateAsync(first.Client, Establishment("EHPAD Les Tilleuls"));
        var author = await CreateAsync(first.Client, Author());
        var usager = await CreateAsync(first.Client, Usager(UniqueFamily("LEROY"), TestIns.Next(), establishment));

        var sendings = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var node = i % 2 == 0 ? first.Client : second.Client;
            var document = await CreateAsync(node, Letter(usager, author, establishment, $"Lettre {i}"));
            using var response = await SendAsync(node, document, ("address", new FhirString(recipient)));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            sendings.Add((await FhirHttp.ReadAsync<Communication>(response)).Id!);
        }

        var messageIds = new List<string>();
        foreach (var id in sendings)
        {
            var completed = await EventuallyAsync(() => ReadAsync<Communication>(first.Client, $"Communication/{id}"), c => c.Status == EventStatus.Completed);
            Assert.Equal(1, MsSanteSending.Attempts(completed));
            messageIds.Add(MsSanteSending.MessageId(completed)!);
        }

        var mails = await EventuallyAsync(async () => await servers.Mail.InboxAsync(recipient) is { Count: >= 10 } all ? all : null, _ => true);
        Assert.Equal(10, mails.Count);
        Assert.All(messageIds, id => Assert.Single(mails, m => m.Contains(id, StringComparison.Ordinal)));
    }
}
