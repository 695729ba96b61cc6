using EsmsDui.Connectors.MsSante;
using MimeKit;

namespace EsmsDui.Connectors.UnitTests.MsSante;

/// <summary>The MSSanté mail as Référentiel socle #2 describes it, built without a server.</summary>
public sealed class MsSanteMailTests
{
    private static readonly MailboxAddress From = new("EHPAD Les Tilleuls", "secretariat@ehpad.mssante.test");

    private static MsSanteMessage Message(byte[]? xdm, string? ins, params string[] cdaCodes) => new(
        "0001@ehpad.mssante.test", ["chu@mssante.test", "00000000000000@patient.mssante.test"], "Synthèse",
        new MsSanteUsager("Le Goff", "Anne", new DateOnly(1931, 12, 24), ins), "Bonjour,", xdm, cdaCodes, SampleDocuments.Pdf, "synthese.pdf", NoReply: false);

    [Fact]
    public void The_subject_names_the_document_and_the_usager_after_the_XDM_prefix()
    {
        var mail = MsSanteMail.Build(Message(null, null), From, "EsmsDui");

        Assert.Equal("XDM/1.0/DDM+Synthèse LE GOFF Anne 24/12/1931", mail.Subject);
        Assert.Equal("0001@ehpad.mssante.test", mail.MessageId);
        Assert.Equal(2, mail.To.Count);
        Assert.Equal("EsmsDui", mail.Headers["X-MSS-NIL"]);
    }

    [Fact]
    public void Each_CDA_code_is_an_X_MSS_CODECDA_header_and_the_INS_is_given_with_the_XDM()
    {
        var mail = MsSanteMail.Build(Message(SampleDocuments.Medium(), "279035121518989^^^&1.2.250.1.213.1.4.8&ISO^NH", "11490-0", "60591-5"), From, "EsmsDui");

        Assert.Equal(["11490-0", "60591-5"], mail.Headers.Where(h => h.Field == "X-MSS-CODECDA").Select(h => h.Value));
        Assert.Equal("279035121518989^^^&1.2.250.1.213.1.4.8&ISO^NH", mail.Headers["X-MSS-INS"]);
        Assert.Equal(["IHE_XDM.ZIP", "synthese.pdf"], mail.Attachments.OfType<MimePart>().Select(a => a.FileName));
    }

    [Fact]
    public void Without_an_XDM_there_is_neither_INS_nor_CDA_header()
    {
        var mail = MsSanteMail.Build(Message(null, "279035121518989^^^&1.2.250.1.213.1.4.8&ISO^NH", "11490-0"), From, "EsmsDui");

        Assert.False(mail.Headers.Contains("X-MSS-INS"));
        Assert.False(mail.Headers.Contains("X-MSS-CODECDA"));
        Assert.False(mail.Headers.Contains("X-MSS-MES"));
    }

    [Fact]
    public void Receipts_are_asked_and_the_text_is_UTF_8()
    {
        var mail = MsSanteMail.Build(Message(null, null) with { NoReply = true, Body = "Résumé du séjour" }, From, "EsmsDui");

        Assert.Equal("FIN", mail.Headers["X-MSS-MES"]);
        Assert.Contains("secretariat@ehpad.mssante.test", mail.Headers[HeaderId.DispositionNotificationTo], StringComparison.Ordinal);
        Assert.Contains("secretariat@ehpad.mssante.test", mail.Headers[HeaderId.ReturnReceiptTo], StringComparison.Ordinal);
        Assert.Equal("utf-8", mail.BodyParts.OfType<TextPart>().Single(p => !p.IsAttachment).ContentType.Charset);
    }

    [Fact]
    public void A_mail_without_recipient_is_a_permanent_failure()
    {
        var error = Assert.Throws<MsSanteException>(() => MsSanteMail.Build(Message(null, null) with { To = [] }, From, "EsmsDui"));

        Assert.True(error.Permanent);
    }
}
