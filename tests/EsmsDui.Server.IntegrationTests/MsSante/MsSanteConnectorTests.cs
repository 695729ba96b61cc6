using System.Net;
using EsmsDui.Connectors.MsSante.Inbox;
using EsmsDui.Connectors.MsSante.Outbox;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using static EsmsDui.Server.IntegrationTests.MsSante.MsSanteRecords;

namespace EsmsDui.Server.IntegrationTests.MsSante;

/// <summary>
/// The MSSanté connector end to end between two EsmsDui servers on real Postfix and Dovecot: <c>$mssante-send</c>
/// records a Communication the outbox worker delivers; the other server's IMAP worker stores the document and
/// attaches it to its usager only when the INS is qualified and the traits match, quarantines what it cannot read,
/// and the sender links the delivery report to its Communication.
/// </summary>
[Collection(MsSanteServers.Name)]
public sealed class MsSanteConnectorTests(MsSanteConnectedServers servers)
{
    private const string StaffTask = "https://esmsdui.org/fhir/CodeSystem/staff-task";

    private HttpClient Sender => servers.Sender.Client;

    private HttpClient Receiver => servers.Receiver.Client;

    [Fact]
    public async Task A_document_sent_comes_back_through_IMAP_attached_to_the_usager_with_the_same_qualified_INS_and_traits()
    {
        var (family, ins) = (UniqueFamily("LEROY"), TestIns.Next());
        var there = await CreateAsync(Receiver, Usager(family, ins));
        var (document, _) = await SendableLetterAsync(family, ins, "Lettre de liaison " + family);

        using var response = await SendAsync(Sender, document, ("recipient", new ResourceReference($"Organization/{await ReceiverEstablishmentAsync()}")), ("noReply", new FhirBoolean(true)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var sending = await FhirHttp.ReadAsync<Communication>(response);
        Assert.Equal($"Communication/{sending.Id}", response.Headers.Location!.AbsolutePath.Split("/fhir/")[1]);
        Assert.Equal(EventStatus.Preparation, sending.Status);
        Assert.Equal([MsSanteConnectedServers.ReceiverMailbox], MsSanteSending.Addresses(sending));
        var completed = await EventuallyAsync(() => ReadAsync<Communication>(Sender, $"Communication/{sending.Id}"), c => c.Status == EventStatus.Completed);
        Assert.NotNull(completed.Sent);
        Assert.Equal(1, MsSanteSending.Attempts(completed));

        var attached = await EventuallyAsync(() => ReadAsync<Bundle>(Receiver, $"DocumentReference?subject=Patient/{there}"), b => b.Entry.Count == 1);
        var received = (DocumentReference)attached.Entry[0].Resource;
        Assert.Equal("Lettre de liaison " + family, received.Description);
        Assert.Equal(("http://loinc.org", "11490-0"), (received.Type.Coding[0].System, received.Type.Coding[0].Code));
        Assert.StartsWith("urn:oid:2.25.", received.MasterIdentifier.Value, StringComparison.Ordinal);
        Assert.Equal(["text/xml", "application/pdf"], received.Content.Select(c => c.Attachment.ContentType));
        var pdf = await ReadAsync<Binary>(Receiver, received.Content[1].Attachment.Url);
        Assert.Equal(Pdf, pdf!.Data);
        Assert.Equal($"Patient/{there}", pdf.SecurityContext.Reference);

        // The sender's IMAP worker links Postfix's delivery report to the sending, and the send is in the audit trail.
        var reported = await EventuallyAsync(() => ReadAsync<Communication>(Sender, $"Communication/{sending.Id}"), c => c.Extension.Any(e => e.Url == MsSanteSending.ReceiptExtension));
        var receipt = reported.Extension.First(e => e.Url == MsSanteSending.ReceiptExtension);
        Assert.Equal(("dsn", "relayed"), (receipt.GetExtensionValue<Code>("kind").Value, receipt.GetExtensionValue<FhirString>("outcome").Value));
        Assert.NotNull(reported.Received);
        var audit = await EventuallyAsync(() => ReadAsync<Bundle>(Sender, "AuditEvent?type=http://dicom.nema.org/resources/ontology/DCM|110106"),
            b => b.Entry.Any(e => ((AuditEvent)e.Resource).Entity.Any(x => x.What?.Reference == $"Communication/{sending.Id}")));
        var export = audit.Entry.Select(e => (AuditEvent)e.Resource).First(a => a.Entity.Any(x => x.What?.Reference == $"Communication/{sending.Id}"));
        Assert.Equal(AuditEvent.AuditEventOutcome.N0, export.Outcome);
        Assert.Contains(export.Entity, x => x.What?.Reference == completed.Subject.Reference);
    }

    [Fact]
    public async Task A_document_for_an_unqualified_identity_is_stored_with_a_Task_for_staff_and_not_attached()
    {
        var family = UniqueFamily("LEROY");
        var there = await CreateAsync(Receiver, Usager(family, TestIns.Next()));
        var title = "Compte rendu " + family;
        var (document, _) = await SendableLetterAsync(family, ins: null, title);

        using var response = await SendAsync(Sender, document, ("address", new FhirString(MsSanteConnectedServers.ReceiverMailbox)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var tasks = await EventuallyAsync(() => ReadAsync<Bundle>(Receiver, $"Task?code={StaffTask}|{MsSanteStaffTasks.MatchUsager}&_count=100"),
            b => b.Entry.Any(e => ((Hl7.Fhir.Model.Task)e.Resource).Description.Contains(title, StringComparison.Ordinal)));
        var task = tasks.Entry.Select(e => (Hl7.Fhir.Model.Task)e.Resource).First(t => t.Description.Contains(title, StringComparison.Ordinal));
        Assert.Contains("no INS", task.Description, StringComparison.Ordinal);
        var stored = await ReadAsync<DocumentReference>(Receiver, task.Focus.Reference);
        Assert.Null(stored!.Subject);
        Assert.Contains(task.Input, i => i.Type.Text == "birth-name" && ((FhirString)i.Value).Value == family);
        Assert.Empty((await ReadAsync<Bundle>(Receiver, $"DocumentReference?subject=Patient/{there}"))!.Entry);
    }

    [Fact]
    public async Task A_corrupted_zip_is_quarantined_with_its_reason_and_the_worker_goes_on()
    {
        var subject = "XDM/1.0/DDM+Compte rendu " + Guid.NewGuid().ToString("N");
        var mail = await MailAsync(subject, [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0xDE, 0xAD, 0xBE, 0xEF]);

        var tasks = await EventuallyAsync(() => ReadAsync<Bundle>(Receiver, $"Task?code={StaffTask}|{MsSanteStaffTasks.Quarantine}&_count=100"),
            b => b.Entry.Any(e => ((Hl7.Fhir.Model.Task)e.Resource).Description.Contains(subject, StringComparison.Ordinal)));
        var task = tasks.Entry.Select(e => (Hl7.Fhir.Model.Task)e.Resource).First(t => t.Description.Contains(subject, StringComparison.Ordinal));
        var reason = ((FhirString)task.Input.Single(i => i.Type.Text == "reason").Value).Value;
        Assert.Contains("zip", reason, StringComparison.OrdinalIgnoreCase);
        var quarantined = Assert.Single(await servers.Mail.InboxAsync(MsSanteConnectedServers.ReceiverMailbox, "Quarantaine"), m => m.Contains(mail.MessageId, StringComparison.Ordinal));
        Assert.Contains($"{MsSanteInboxWorker.QuarantineHeader}: ", quarantined, StringComparison.Ordinal);
        Assert.DoesNotContain(await servers.Mail.InboxAsync(MsSanteConnectedServers.ReceiverMailbox), m => m.Contains(mail.MessageId, StringComparison.Ordinal));

        // The worker goes on: the next document arrives and is attached.
        var (family, ins) = (UniqueFamily("LEROY"), TestIns.Next());
        var there = await CreateAsync(Receiver, Usager(family, ins));
        var (document, _) = await SendableLetterAsync(family, ins, "Lettre " + family);
        using var response = await SendAsync(Sender, document, ("address", new FhirString(MsSanteConnectedServers.ReceiverMailbox)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await EventuallyAsync(() => ReadAsync<Bundle>(Receiver, $"DocumentReference?subject=Patient/{there}"), b => b.Entry.Count == 1);
    }

    [Fact]
    public async Task A_CDA_whose_header_breaks_the_CI_SIS_rules_is_stored_but_left_to_staff_to_match()
    {
        var cda = System.Xml.Linq.XDocument.Load(new MemoryStream(SampleDocuments.Cda()));
        cda.Root!.Element(Connectors.Documents.Cda.CdaN1Document.V3 + "realmCode")!.Remove();
        var bytes = System.Text.Encoding.UTF8.GetBytes(cda.ToString());
        var medium = Connectors.Documents.Xdm.XdmPackage.Write(SampleDocuments.Submission(bytes), [bytes, SampleDocuments.Pdf], "CHU");
        var subject = "XDM/1.0/DDM+Lettre " + Guid.NewGuid().ToString("N");
        await MailAsync(subject, medium);

        var tasks = await EventuallyAsync(() => ReadAsync<Bundle>(Receiver, $"Task?code={StaffTask}|{MsSanteStaffTasks.MatchUsager}&_count=200"),
            b => b.Entry.Any(e => ((Hl7.Fhir.Model.Task)e.Resource).Description.Contains("CI-SIS", StringComparison.Ordinal)));
        var task = tasks.Entry.Select(e => (Hl7.Fhir.Model.Task)e.Resource).First(t => t.Description.Contains("CI-SIS", StringComparison.Ordinal));
        Assert.Contains("realmCode", task.Description, StringComparison.Ordinal);
        Assert.Null((await ReadAsync<DocumentReference>(Receiver, task.Focus.Reference))!.Subject);
    }

    [Fact]
    public async Task The_same_document_received_twice_is_stored_once()
    {
        var (family, ins) = (UniqueFamily("LEROY"), TestIns.Next());
        var there = await CreateAsync(Receiver, Usager(family, ins));
        var (document, records) = await SendableLetterAsync(family, ins, "Lettre " + family);
        var other = await CreateAsync(Sender, Letter(records.Usager, records.Author, records.Establishment, "Synthèse " + family));

        // In order: the same document twice, then another one; when the last is stored, the second was read before it.
        foreach (var sent in new[] { document, document, other })
        {
            using var response = await SendAsync(Sender, sent, ("address", new FhirString(MsSanteConnectedServers.ReceiverMailbox)));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var sending = await FhirHttp.ReadAsync<Communication>(response);
            await EventuallyAsync(() => ReadAsync<Communication>(Sender, $"Communication/{sending.Id}"), c => c.Status == EventStatus.Completed);
        }

        var stored = await EventuallyAsync(() => ReadAsync<Bundle>(Receiver, $"DocumentReference?subject=Patient/{there}"), b => b.Entry.Count == 2);
        Assert.Equal(["Lettre " + family, "Synthèse " + family], stored.Entry.Select(e => ((DocumentReference)e.Resource).Description).Order());
    }

    [Fact]
    public async Task A_usager_who_opposes_MSSante_sending_gets_a_422_and_no_sending_is_recorded()
    {
        var family = UniqueFamily("LEROY");
        var (document, records) = await SendableLetterAsync(family, TestIns.Next(), "Lettre " + family);
        await CreateAsync(Sender, EsmsDui.Dossier.Oppositions.UsagerOppositions.Opposition(records.Usager, EsmsDui.Dossier.Oppositions.OppositionChannel.MsSante, DateTimeOffset.UtcNow));

        using var response = await SendAsync(Sender, document, ("address", new FhirString(MsSanteConnectedServers.ReceiverMailbox)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("opposes", (await FhirHttp.ReadAsync<OperationOutcome>(response)).Issue[0].Diagnostics, StringComparison.Ordinal);
        Assert.Empty((await ReadAsync<Bundle>(Sender, $"Communication?subject=Patient/{records.Usager}"))!.Entry);
    }

    [Theory]
    [InlineData("no recipient", HttpStatusCode.BadRequest, "at least one recipient")]
    [InlineData("not an MSSanté address", HttpStatusCode.UnprocessableEntity, "not an MSSanté address")]
    [InlineData("author without RPPS", HttpStatusCode.UnprocessableEntity, "RPPS")]
    [InlineData("no PDF", HttpStatusCode.UnprocessableEntity, "no PDF")]
    [InlineData("recipient without address", HttpStatusCode.UnprocessableEntity, "has no MSSanté address")]
    [InlineData("unknown parameter", HttpStatusCode.BadRequest, "no parameter")]
    public async Task A_sending_that_cannot_be_made_is_refused_and_nothing_is_recorded(string problem, HttpStatusCode status, string message)
    {
        var family = UniqueFamily("LEROY");
        var (document, records) = await SendableLetterAsync(family, TestIns.Next(), "Lettre " + family);
        (string, DataType) to = ("address", new FhirString(MsSanteConnectedServers.ReceiverMailbox));
        var parameters = problem switch
        {
            "no recipient" => [("noReply", new FhirBoolean(false))],
            "not an MSSanté address" => [("address", new FhirString("secretariat@gmail.com"))],
            "recipient without address" => [("recipient", new ResourceReference($"Practitioner/{records.Author}"))],
            "unknown parameter" => [to, ("priority", new FhirString("urgent"))],
            _ => new[] { to },
        };
        if (problem is "author without RPPS" or "no PDF")
        {
            var letter = Letter(records.Usager, problem == "author without RPPS" ? await CreateAsync(Sender, Author(withRpps: false)) : records.Author, records.Establishment, "Lettre " + family);
            if (problem == "no PDF")
            {
                letter.Content[0].Attachment.ContentType = "text/plain";
            }

            document = await CreateAsync(Sender, letter);
        }

        using var response = await SendAsync(Sender, document, parameters);

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(message, (await FhirHttp.ReadAsync<OperationOutcome>(response)).Issue[0].Diagnostics, StringComparison.Ordinal);
        Assert.Empty((await ReadAsync<Bundle>(Sender, $"Communication?subject=Patient/{records.Usager}"))!.Entry);
    }

    [Fact]
    public async Task A_usager_with_a_qualified_identity_is_reached_at_his_Mon_espace_sante_address()
    {
        var (family, ins) = (UniqueFamily("LEROY"), TestIns.Next());
        var (document, records) = await SendableLetterAsync(family, ins, "Lettre " + family);

        using var response = await SendAsync(Sender, document, ("recipient", new ResourceReference($"Patient/{records.Usager}")), ("noReply", new FhirBoolean(true)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var address = $"{ins}@{MailServers.PatientDomain}";
        Assert.Equal([address], MsSanteSending.Addresses(await FhirHttp.ReadAsync<Communication>(response)));
        var mail = await EventuallyAsync(async () => await servers.Mail.InboxAsync(address) is [var first, ..] ? first : null, _ => true);
        Assert.Contains("X-MSS-MES: FIN", mail, StringComparison.Ordinal);
        Assert.Contains($"X-MSS-INS: {ins}^^^&1.2.250.1.213.1.4.8&ISO^NH", mail, StringComparison.Ordinal);

        // Without a qualified identity there is no Mon espace santé address to write to.
        var (unqualified, _) = await SendableLetterAsync(UniqueFamily("LEROY"), ins: null, "Lettre");
        var usager = (await ReadAsync<DocumentReference>(Sender, $"DocumentReference/{unqualified}"))!.Subject.Reference;
        using var refused = await SendAsync(Sender, unqualified, ("recipient", new ResourceReference(usager)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
    }

    [Fact]
    public async Task A_sending_written_through_the_API_for_another_usagers_document_is_stopped_and_nothing_is_sent()
    {
        var (document, _) = await SendableLetterAsync(UniqueFamily("LEROY"), TestIns.Next(), "Lettre");
        var other = await CreateAsync(Sender, Usager(UniqueFamily("MOREAU"), null));
        var recipient = "chu-" + Guid.NewGuid().ToString("N")[..6] + "@" + MailServers.Domain;
        var forged = new Communication
        {
            Identifier = [new Identifier(MsSanteSending.MessageIdSystem, Guid.NewGuid().ToString("N") + "@" + MailServers.Domain)],
            Status = EventStatus.Preparation,
            Subject = new ResourceReference($"Patient/{other}"),
            Payload = [new Communication.PayloadComponent { Content = new ResourceReference($"DocumentReference/{document}") }],
            Extension = [new Extension(MsSanteSending.AddressExtension, new FhirString(recipient))],
        };

        var id = await CreateAsync(Sender, forged);

        var stopped = await EventuallyAsync(() => ReadAsync<Communication>(Sender, $"Communication/{id}"), c => c.Status == EventStatus.Stopped);
        Assert.Contains("is not about", stopped.StatusReason.Text, StringComparison.Ordinal);
        Assert.Empty(await servers.Mail.InboxAsync(recipient));
    }

    [Fact]
    public async Task Each_establishment_sends_from_its_own_mailbox_and_every_mailbox_is_read()
    {
        var (family, ins) = (UniqueFamily("LEROY"), TestIns.Next());
        var mas = await CreateAsync(Sender, Establishment("MAS Les Lilas", finess: MsSanteConnectedServers.SecondFiness));
        var author = await CreateAsync(Sender, Author());
        var usager = await CreateAsync(Sender, Usager(family, ins, mas));
        var document = await CreateAsync(Sender, Letter(usager, author, mas, "Lettre " + family));

        using var response = await SendAsync(Sender, document, ("address", new FhirString(MsSanteConnectedServers.ReceiverMailbox)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var sending = await FhirHttp.ReadAsync<Communication>(response);
        Assert.Equal(MsSanteConnectedServers.SecondMailbox, MsSanteSending.SenderMailbox(sending));
        Assert.EndsWith("@" + MailServers.Domain, MsSanteSending.MessageId(sending), StringComparison.Ordinal);
        await EventuallyAsync(() => ReadAsync<Communication>(Sender, $"Communication/{sending.Id}"), c => c.Status == EventStatus.Completed);
        var mail = await EventuallyAsync(async () => (await servers.Mail.InboxAsync(MsSanteConnectedServers.ReceiverMailbox)).FirstOrDefault(m => m.Contains(MsSanteSending.MessageId(sending)!, StringComparison.Ordinal)), _ => true);
        Assert.Contains($"From: MAS Les Lilas <{MsSanteConnectedServers.SecondMailbox}>", mail, StringComparison.Ordinal);

        // A reply to the second mailbox is read and attached on the sender's side.
        var there = await CreateAsync(Receiver, Establishment("Accueil de jour"));
        var theirAuthor = await CreateAsync(Receiver, Author());
        var theirUsager = await CreateAsync(Receiver, Usager(family, ins, there));
        var reply = await CreateAsync(Receiver, Letter(theirUsager, theirAuthor, there, "Réponse " + family));
        using var answered = await SendAsync(Receiver, reply, ("address", new FhirString(MsSanteConnectedServers.SecondMailbox)));
        Assert.Equal(HttpStatusCode.Accepted, answered.StatusCode);
        var attached = await EventuallyAsync(() => ReadAsync<Bundle>(Sender, $"DocumentReference?subject=Patient/{usager}"), b => b.Entry.Count == 2);
        var received = attached.Entry.Select(e => (DocumentReference)e.Resource).Single(d => d.Description == "Réponse " + family);

        // A received document is forwarded as it came: its CDA, its uniqueId and its PDF, from the usager's establishment's mailbox.
        var forwardedTo = "chu-" + Guid.NewGuid().ToString("N")[..6] + "@" + MailServers.Domain;
        using var forwarding = await SendAsync(Sender, received.Id!, ("address", new FhirString(forwardedTo)));
        Assert.Equal(HttpStatusCode.Accepted, forwarding.StatusCode);
        Assert.Equal(MsSanteConnectedServers.SecondMailbox, MsSanteSending.SenderMailbox(await FhirHttp.ReadAsync<Communication>(forwarding)));
        var forwarded = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
            await EventuallyAsync(async () => await servers.Mail.InboxAsync(forwardedTo) is [var first, ..] ? first : null, _ => true))));
        var zip = forwarded.Attachments.OfType<MimePart>().Single(a => a.FileName == Connectors.Documents.Xdm.XdmPackage.FileName);
        using var content = new MemoryStream();
        await zip.Content.DecodeToAsync(content);
        content.Position = 0;
        var entry = Assert.Single(Assert.Single(Connectors.Documents.Xdm.XdmPackage.Read(content)).Submission.Documents);
        Assert.Equal(received.MasterIdentifier.Value, "urn:oid:" + entry.UniqueId);
        Assert.Contains(forwarded.Attachments.OfType<MimePart>(), a => a.ContentType.MimeType == "application/pdf");
    }

    [Fact]
    public async Task An_operator_out_of_reach_gets_retries_with_the_error_recorded_then_the_sending_is_stopped()
    {
        var unreachable = servers.Settings(MsSanteConnectedServers.SenderMailbox, MailTokenService.ClientId, LoopbackPorts.Free(), new() { ["MsSante:MaxAttempts"] = "3", ["MsSante:Receive"] = "false" });
        await using var server = SqliteServerFixture.With(unreachable);
        await server.InitializeAsync();
        var establishment = await CreateAsync(server.Client, Establishment("EHPAD Les Tilleuls"));
        var author = await CreateAsync(server.Client, Author());
        var usager = await CreateAsync(server.Client, Usager(UniqueFamily("LEROY"), TestIns.Next(), establishment));
        var document = await CreateAsync(server.Client, Letter(usager, author, establishment, "Lettre"));

        using var response = await SendAsync(server.Client, document, ("address", new FhirString(MsSanteConnectedServers.ReceiverMailbox)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await FhirHttp.ReadAsync<Communication>(response)).Id;

        var retried = await EventuallyAsync(() => ReadAsync<Communication>(server.Client, $"Communication/{id}"), c => c.Status == EventStatus.Preparation && MsSanteSending.Attempts(c) >= 1);
        Assert.Contains("could not be reached", retried.GetExtensionValue<FhirString>(MsSanteSending.LastErrorExtension).Value, StringComparison.Ordinal);
        Assert.NotNull(MsSanteSending.NextAttempt(retried));
        var stopped = await EventuallyAsync(() => ReadAsync<Communication>(server.Client, $"Communication/{id}"), c => c.Status == EventStatus.Stopped);
        Assert.Equal(3, MsSanteSending.Attempts(stopped));
        Assert.Contains("after 3 attempts", stopped.StatusReason.Text, StringComparison.Ordinal);
        var history = await ReadAsync<Bundle>(server.Client, $"Communication/{id}/_history");
        Assert.Equal(7, history!.Entry.Count); // recorded, then a claim and an outcome per attempt
    }

    // A hospital's mail to the receiver's mailbox carrying the given IHE_XDM.ZIP, sent with the mailbox's password.
    private async Task<MimeMessage> MailAsync(string subject, byte[] zip)
    {
        var mail = new MimeMessage { Subject = subject };
        mail.From.Add(MailboxAddress.Parse("chu-cardio@" + MailServers.Domain));
        mail.To.Add(MailboxAddress.Parse(MsSanteConnectedServers.ReceiverMailbox));
        var body = new BodyBuilder { TextBody = "Compte rendu ci-joint." };
        body.Attachments.Add("IHE_XDM.ZIP", zip, new ContentType("application", "zip"));
        mail.Body = body.ToMessageBody();
        using var smtp = new SmtpClient { ServerCertificateValidationCallback = (_, certificate, _, _) => certificate is not null };
        await smtp.ConnectAsync("127.0.0.1", servers.Mail.SmtpPort, SecureSocketOptions.StartTls);
        await smtp.AuthenticateAsync("chu-cardio@" + MailServers.Domain, MailServers.Password);
        await smtp.SendAsync(mail);
        await smtp.DisconnectAsync(true);
        return mail;
    }

    private async Task<string> ReceiverEstablishmentAsync() =>
        await CreateAsync(Sender, Establishment("Accueil de jour Les Lilas", MsSanteConnectedServers.ReceiverMailbox));

    // On the sender: an establishment, an author with an RPPS, the usager and a letter about him.
    private async Task<(string Document, (string Establishment, string Author, string Usager) Records)> SendableLetterAsync(string family, string? ins, string title)
    {
        var establishment = await CreateAsync(Sender, Establishment("EHPAD Les Tilleuls"));
        var author = await CreateAsync(Sender, Author());
        var usager = await CreateAsync(Sender, Usager(family, ins, establishment));
        var document = await CreateAsync(Sender, Letter(usager, author, establishment, title));
        return (document, (establishment, author, usager));
    }
}
