using System.Globalization;
using System.Security.Cryptography;
using System.Xml.Linq;
using EsmsDui.Conformance.Groups.Common;
using EsmsDui.Conformance.Http;
using EsmsDui.Conformance.Model;
using Hl7.Fhir.Model;
using MimeKit;

namespace EsmsDui.Conformance.Groups.MsSante;

/// <summary>
/// Group 7: a document the server sends by MSSanté, as it arrives in the preset's mailbox: the IHE_XDM.ZIP (ITI-32
/// layout, hashes and sizes), the <c>X-MSS-*</c> headers, the subject, the read receipt and the CDA header.
/// </summary>
public static class MsSanteGroup
{
    private static readonly XNamespace Hl7 = "urn:hl7-org:v3";

    /// <summary>The group.</summary>
    public static TestGroup Create() => new(7, "MSSanté sending (mail and IHE_XDM.ZIP)", "The preset's mailbox (IMAP) the server can send to, and how the server is asked to send (msSanteSend, by default DocumentReference/{id}/$mssante-send).",
    [
        new("7.01", "A document sent to the mailbox arrives with its IHE_XDM.ZIP and the PDF", ["mssante@1"], ArrivesAsync),
        new("7.02", "The IHE_XDM.ZIP has the ITI-32 layout: INDEX.HTM, README.TXT, IHE_XDM/SUBSET01/METADATA.XML and the documents it names", ["mssante@1"], LayoutAsync),
        new("7.03", "METADATA.XML gives each document's SHA-1 hash and size, and they match the files", ["mssante@2"], HashesAsync),
        new("7.04", "The mail carries X-MSS-NIL, X-MSS-CODECDA equal to the CDA code and, the identity being qualified, X-MSS-INS", ["mssante@3"], HeadersAsync),
        new("7.05", "The subject is XDM/1.0/DDM+<libellé> <NOM> <prénom> <date de naissance>", ["mssante@4"], SubjectAsync),
        new("7.06", "The CDA header carries the qualified usager's INS, the author's RPPS and the custodian's FINESS", ["mssante@5"], CdaHeaderAsync),
        new("7.07", "A read receipt is asked (Disposition-Notification-To)", ["mssante@6"], ReceiptAsync),
    ]);

    private sealed record Received(Patient Usager, MimeMessage Mail, XdmArchive Xdm, XDocument Cda);

    private static Task<Received> ReceivedAsync(TestContext context) =>
        context.State.OnceAsync("mssante-mail", async () =>
        {
            var mailbox = context.Preset.Mailbox ?? throw Check.Skip("The preset gives no mailbox: group 7 needs one the server can send to.");
            if (context.Preset.MsSanteSend == "DocumentReference/{id}/$mssante-send")
            {
                await context.State.RequireOperationAsync(context, "DocumentReference", "mssante-send");
            }

            var usager = await Writes.SharedUsagerAsync(context);
            var author = await Writes.CreateAsync(context, new Practitioner
            {
                Name = [new HumanName { Family = "MARTIN", Given = ["Claire"] }],
                Identifier = [new Identifier("urn:oid:1.2.250.1.71.4.2.1", "810001234567")],
            });
            var document = await Writes.CreateAsync(context, new DocumentReference
            {
                Status = DocumentReferenceStatus.Current,
                Type = new CodeableConcept("http://loinc.org", "11490-0", "Lettre de sortie"),
                Subject = new ResourceReference("Patient/" + usager.Id),
                Date = DateTimeOffset.UtcNow,
                Author = [new ResourceReference("Practitioner/" + author.Id)],
                Custodian = context.Preset.Establishment is { } esms ? new ResourceReference("Organization/" + esms) : null,
                Content = [new DocumentReference.ContentComponent { Attachment = new Attachment { ContentType = "application/pdf", Data = Pdf, Title = "Lettre de conformité" } }],
            });
            var marker = "conformance-" + Guid.NewGuid().ToString("N");
            var parameters = new Parameters();
            parameters.Add("address", new FhirString(mailbox.Address));
            parameters.Add("note", new FhirString("Envoi du test de conformité " + marker));
            var answer = await context.Client.SendAsync(HttpMethod.Post, context.Preset.MsSanteSend.Replace("{id}", document.Id!, StringComparison.Ordinal), FhirActor.Json(parameters));
            answer.Expect(200, 201, 202);
            if (Writes.ReferenceOf(answer.Header("Location")) is { } sending)
            {
                context.State.Remember(sending);
            }

            var mail = await Mailbox.WaitForAsync(mailbox, marker);
            using (var eml = new MemoryStream())
            {
                await mail.WriteToAsync(eml);
                context.Proofs.Keep("mail.eml", eml.ToArray());
            }

            var zip = mail.Attachments.OfType<MimePart>().FirstOrDefault(p => string.Equals(p.FileName, "IHE_XDM.ZIP", StringComparison.OrdinalIgnoreCase))
                ?? throw Check.Fail($"The mail has no IHE_XDM.ZIP attachment (attachments: {string.Join(", ", mail.Attachments.OfType<MimePart>().Select(p => p.FileName))}).");
            using var bytes = new MemoryStream();
            await (zip.Content ?? throw Check.Fail("The IHE_XDM.ZIP attachment is empty.")).DecodeToAsync(bytes);
            context.Proofs.Keep("IHE_XDM.ZIP", bytes.ToArray());
            var xdm = XdmArchive.Read(bytes.ToArray());
            var cdaFile = xdm.Documents().Select(d => "IHE_XDM/SUBSET01/" + d.Uri).FirstOrDefault(f => f.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) && xdm.Files.ContainsKey(f))
                ?? throw Check.Fail("The IHE_XDM.ZIP holds no CDA document named by METADATA.XML.");
            return new Received(usager, mail, xdm, XDocument.Load(new MemoryStream(xdm.Files[cdaFile])));
        });

    private static async Task ArrivesAsync(TestContext context)
    {
        var received = await ReceivedAsync(context);
        Check.That(received.Mail.Attachments.OfType<MimePart>().Any(p => p.ContentType.MimeType == "application/pdf" || p.FileName?.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) == true), "The mail carries no PDF beside the IHE_XDM.ZIP.");
    }

    private static async Task LayoutAsync(TestContext context)
    {
        var xdm = (await ReceivedAsync(context)).Xdm;
        foreach (var file in new[] { "INDEX.HTM", "README.TXT", XdmArchive.Metadata })
        {
            Check.That(xdm.Files.ContainsKey(file), $"The IHE_XDM.ZIP has no {file} (files: {string.Join(", ", xdm.Files.Keys)}).");
        }

        var documents = xdm.Documents();
        Check.That(documents.Count > 0, "METADATA.XML names no document.");
        var missing = documents.Where(d => !xdm.Files.ContainsKey("IHE_XDM/SUBSET01/" + d.Uri)).Select(d => d.Uri).ToList();
        Check.That(missing.Count == 0, $"METADATA.XML names files the archive does not hold: {string.Join(", ", missing)}.");
    }

    private static async Task HashesAsync(TestContext context)
    {
        var xdm = (await ReceivedAsync(context)).Xdm;
        foreach (var (uri, hash, size) in xdm.Documents())
        {
            var file = xdm.Files.GetValueOrDefault("IHE_XDM/SUBSET01/" + uri) ?? throw Check.Fail($"{uri} is named by METADATA.XML but not in the archive.");
#pragma warning disable CA5350 // XDS metadata gives SHA-1 hashes (ITI TF-3 4.2.3.2.14): the suite checks what the profile says.
            var actual = Convert.ToHexString(SHA1.HashData(file));
#pragma warning restore CA5350
            Check.That(string.Equals(hash, actual, StringComparison.OrdinalIgnoreCase), $"{uri}: METADATA.XML gives hash {hash ?? "none"}, the file's SHA-1 is {actual}.");
            Check.That(size == file.Length.ToString(CultureInfo.InvariantCulture), $"{uri}: METADATA.XML gives size {size ?? "none"}, the file has {file.Length} bytes.");
        }
    }

    private static async Task HeadersAsync(TestContext context)
    {
        var received = await ReceivedAsync(context);
        var headers = received.Mail.Headers;
        Check.That(!string.IsNullOrWhiteSpace(headers["X-MSS-NIL"]), "The mail has no X-MSS-NIL header.");
        var code = received.Cda.Root?.Element(Hl7 + "code")?.Attribute("code")?.Value;
        Check.That(headers["X-MSS-CODECDA"]?.Split(',', StringSplitOptions.TrimEntries).Contains(code) == true, $"X-MSS-CODECDA is '{headers["X-MSS-CODECDA"]}', the CDA code is {code}.");
        Check.That(headers["X-MSS-INS"]?.Contains(Usagers.Ins(received.Usager)!, StringComparison.Ordinal) == true, $"X-MSS-INS is '{headers["X-MSS-INS"]}', expected the qualified usager's INS.");
    }

    private static async Task SubjectAsync(TestContext context)
    {
        var received = await ReceivedAsync(context);
        var subject = received.Mail.Subject ?? string.Empty;
        var name = received.Usager.Name[0];
        var born = DateTime.ParseExact(received.Usager.BirthDate!, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        Check.That(subject.StartsWith("XDM/1.0/DDM+", StringComparison.Ordinal), $"The subject '{subject}' does not start with XDM/1.0/DDM+.");
        Check.That(subject.Contains(name.Family!.ToUpperInvariant(), StringComparison.Ordinal) && subject.Contains(name.Given.First()!, StringComparison.OrdinalIgnoreCase) && subject.EndsWith(born, StringComparison.Ordinal), $"The subject '{subject}' does not name the usager (NOM prénom {born}).");
    }

    private static async Task CdaHeaderAsync(TestContext context)
    {
        var received = await ReceivedAsync(context);
        var cda = received.Cda.Root!;
        var patientIds = cda.Elements(Hl7 + "recordTarget").Elements(Hl7 + "patientRole").Elements(Hl7 + "id").ToList();
        Check.That(patientIds.Any(i => (string?)i.Attribute("root") == "1.2.250.1.213.1.4.8" && (string?)i.Attribute("extension") == Usagers.Ins(received.Usager)), "The CDA's recordTarget does not carry the qualified usager's INS (root 1.2.250.1.213.1.4.8).");
        Check.That(cda.Elements(Hl7 + "author").Descendants(Hl7 + "id").Any(i => (string?)i.Attribute("root") == "1.2.250.1.71.4.2.1" && ((string?)i.Attribute("extension"))?.EndsWith("810001234567", StringComparison.Ordinal) == true), "The CDA's author is not identified by the RPPS (idNatPs, root 1.2.250.1.71.4.2.1).");
        var custodian = cda.Element(Hl7 + "custodian")?.Descendants(Hl7 + "id").Select(i => (string?)i.Attribute("extension") ?? string.Empty).ToList() ?? [];
        Check.That(custodian.Any(e => e.Contains(context.Preset.Finess, StringComparison.Ordinal)), $"The CDA's custodian ({string.Join(", ", custodian)}) is not identified by the establishment's FINESS {context.Preset.Finess}.");
    }

    private static async Task ReceiptAsync(TestContext context)
    {
        var received = await ReceivedAsync(context);
        Check.That(!string.IsNullOrWhiteSpace(received.Mail.Headers["Disposition-Notification-To"]), "The mail asks no read receipt (Disposition-Notification-To).");
    }

    private static readonly byte[] Pdf = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
}
