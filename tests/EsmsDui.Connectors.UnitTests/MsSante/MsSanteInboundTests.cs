using EsmsDui.Connectors.Documents;
using EsmsDui.Connectors.MsSante;
using MimeKit;

namespace EsmsDui.Connectors.UnitTests.MsSante;

/// <summary>Reading a received mail: documents in an IHE_XDM.ZIP, receipts, and what is refused with its reason.</summary>
public sealed class MsSanteInboundTests
{
    private static readonly MailboxAddress From = new("CHU", "chu@mssante.test");

    private static MimeMessage Sent(byte[]? xdm) => MsSanteMail.Build(
        new MsSanteMessage("0002@chu.mssante.test", ["ehpad@mssante.test"], "Compte rendu", new MsSanteUsager("Dupont", "Hélène", new DateOnly(1979, 3, 5), null),
            "Bonjour,", xdm, xdm is null ? [] : ["11490-0"], SampleDocuments.Pdf, "cr.pdf", NoReply: false),
        From, "other-software");

    [Fact]
    public void A_document_mail_gives_its_checked_medium_and_its_PDF()
    {
        var received = MsSanteInbound.Read(Sent(SampleDocuments.Medium()));

        Assert.Null(received.Receipt);
        Assert.Equal("chu@mssante.test", received.From);
        Assert.Equal("0002@chu.mssante.test", received.MessageId);
        Assert.Equal("Compte rendu DUPONT Hélène 05/03/1979", received.Subject);
        Assert.Equal(2, Assert.Single(received.Media).Submission.Documents.Count);
        Assert.Equal(SampleDocuments.Pdf, received.Pdfs["cr.pdf"]);
    }

    [Fact]
    public void A_mail_without_a_medium_is_refused_with_the_reason()
    {
        var error = Assert.Throws<DocumentFormatException>(() => MsSanteInbound.Read(Sent(null)));

        Assert.Contains("carries no IHE_XDM.ZIP", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupted_medium_is_refused_with_the_reason()
    {
        var medium = SampleDocuments.Medium();
        medium[medium.Length / 2] ^= 0xFF;
        medium[(medium.Length / 2) + 1] ^= 0xFF;

        var error = Assert.Throws<DocumentFormatException>(() => MsSanteInbound.Read(Sent(medium)));

        Assert.Contains("IHE_XDM.ZIP", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_integration_error_coming_back_with_the_original_is_a_receipt_about_it_not_documents_to_store()
    {
        var original = Sent(SampleDocuments.Medium());
        var body = new Multipart("mixed")
        {
            new TextPart("plain") { Text = "Le document envoyé n'a pas pu être intégré : identifiant de patient inconnu (902)." },
            new MessagePart { Message = original },
        };
        foreach (var attachment in original.Attachments)
        {
            body.Add(attachment);
        }

        var mail = new MimeMessage { Subject = "[KO Intégration système !][902] XDM/1.0/DDM+Compte rendu DUPONT Hélène 05/03/1979", Body = body };
        mail.From.Add(From);

        var received = MsSanteInbound.Read(mail);

        Assert.Empty(received.Media);
        Assert.Equal("Compte rendu DUPONT Hélène 05/03/1979", received.Subject);
        Assert.Equal(new MsSanteReceipt(MsSanteReceiptKind.IntegrationError, "0002@chu.mssante.test", null, "error", received.Receipt!.Recipients), received.Receipt);
        Assert.Equal("902", received.Receipt.Recipients["chu@mssante.test"]);
    }

    [Fact]
    public void A_read_receipt_names_the_mail_it_is_about()
    {
        var mdn = new MessageDispositionNotification();
        mdn.Fields.Add("Final-Recipient", "rfc822; chu@mssante.test");
        mdn.Fields.Add("Original-Message-ID", "<0001@ehpad.mssante.test>");
        mdn.Fields.Add("Disposition", "manual-action/MDN-sent-manually; displayed");
        var mail = new MimeMessage { Subject = "Lu : XDM/1.0/DDM+Synthèse", Body = new MultipartReport("disposition-notification") { new TextPart("plain") { Text = "Lu." }, mdn } };
        mail.From.Add(From);

        var receipt = MsSanteInbound.Read(mail).Receipt;

        Assert.Equal(new MsSanteReceipt(MsSanteReceiptKind.Read, "0001@ehpad.mssante.test", null, "displayed", receipt!.Recipients), receipt);
    }
}
