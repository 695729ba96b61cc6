using System.Globalization;
using MimeKit;

namespace EsmsDui.Connectors.MsSante;

/// <summary>
/// Builds the MIME message of an MSSanté sending (Référentiel socle MSSanté #2): subject
/// <c>XDM/1.0/DDM+&lt;libellé&gt; &lt;NOM&gt; &lt;prénom&gt; &lt;date de naissance&gt;</c>; <c>X-MSS-NIL</c> on every mail;
/// <c>X-MSS-INS</c> only for a qualified identity and <c>X-MSS-CODECDA</c> only when a CDA is attached; <c>X-MSS-MES:
/// FIN</c> when the usager must not reply; read (MDN) and delivery receipts asked; UTF-8 text.
/// </summary>
public static class MsSanteMail
{
    /// <summary>The subject prefix of a mail carrying an IHE XDM medium.</summary>
    public const string SubjectPrefix = "XDM/1.0/DDM+";

    /// <summary>The MIME message of <paramref name="message"/> sent from <paramref name="from"/>.</summary>
    public static MimeMessage Build(MsSanteMessage message, MailboxAddress from, string softwareId)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(from);
        if (message.To.Count == 0)
        {
            throw new MsSanteException("No recipient: the mail needs at least one MSSanté address.", permanent: true);
        }

        var mail = new MimeMessage { MessageId = message.MessageId, Date = DateTimeOffset.UtcNow };
        mail.From.Add(from);
        mail.To.AddRange(message.To.Select(MailboxAddress.Parse));
        var usager = message.Usager;
        var born = usager.BirthDate?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        mail.Subject = $"{SubjectPrefix}{message.Label} {usager.Family.ToUpperInvariant()} {usager.Given} {born}".TrimEnd();
        mail.Headers.Add("X-MSS-NIL", softwareId);
        if (usager.QualifiedIns is { Length: > 0 } ins && message.Xdm is not null)
        {
            mail.Headers.Add("X-MSS-INS", ins);
        }

        if (message.Xdm is not null)
        {
            foreach (var code in message.CdaCodes.Distinct(StringComparer.Ordinal))
            {
                mail.Headers.Add("X-MSS-CODECDA", code);
            }
        }

        if (message.NoReply)
        {
            mail.Headers.Add("X-MSS-MES", "FIN");
        }

        // Read receipt (MDN, RFC 8098) and the delivery receipt header MSSanté clients read (va1.14, va1.15).
        mail.Headers.Add(HeaderId.DispositionNotificationTo, from.ToString());
        mail.Headers.Add(HeaderId.ReturnReceiptTo, from.ToString());

        var body = new BodyBuilder { TextBody = message.Body };
        if (message.Xdm is not null)
        {
            body.Attachments.Add(Documents.Xdm.XdmPackage.FileName, message.Xdm, new ContentType("application", "zip"));
        }

        if (message.Pdf is not null)
        {
            body.Attachments.Add(message.PdfName ?? "document.pdf", message.Pdf, new ContentType("application", "pdf"));
        }

        mail.Body = body.ToMessageBody();
        foreach (var text in mail.BodyParts.OfType<TextPart>().Where(p => !p.IsAttachment))
        {
            text.ContentType.Charset = "utf-8";
        }

        return mail;
    }
}
