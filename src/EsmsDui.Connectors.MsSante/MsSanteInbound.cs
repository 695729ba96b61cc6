using EsmsDui.Connectors.Documents;
using EsmsDui.Connectors.Documents.Xdm;
using MimeKit;

namespace EsmsDui.Connectors.MsSante;

/// <summary>
/// Reads a received MSSanté mail: a read or delivery receipt about a mail sent (MDN, DSN), or documents in an
/// IHE_XDM.ZIP (layout and metadata checked) with their PDFs. A mail that is neither, or whose medium breaks the
/// rules, is refused with the reason (<see cref="DocumentFormatException"/>): the caller quarantines it.
/// </summary>
public static partial class MsSanteInbound
{
    /// <summary>What <paramref name="mail"/> carries.</summary>
    public static MsSanteReceived Read(MimeMessage mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var from = mail.From.Mailboxes.FirstOrDefault()?.Address ?? string.Empty;
        var subject = mail.Subject ?? string.Empty;
        // "[KO Intégration système !][code] XDM/1.0/DDM+…": the recipient's software could not integrate a mail sent
        // from here; it comes back with the original's attachments, which are not documents to store.
        var error = IntegrationError().Match(subject);
        subject = error.Success ? subject[error.Length..] : subject.StartsWith(MsSanteMail.SubjectPrefix, StringComparison.Ordinal) ? subject[MsSanteMail.SubjectPrefix.Length..] : subject;
        if (error.Success)
        {
            var original = mail.BodyParts.OfType<MessagePart>().Select(p => p.Message?.MessageId).FirstOrDefault(id => id is not null)
                ?? Unbracket(mail.InReplyTo) ?? mail.References.FirstOrDefault();
            var code = error.Groups["code"].Captures.LastOrDefault()?.Value.Trim() ?? string.Empty;
            return new MsSanteReceived(mail.MessageId, from, subject, [], new Dictionary<string, byte[]>(),
                new MsSanteReceipt(MsSanteReceiptKind.IntegrationError, original, null, "error", new Dictionary<string, string> { [from] = code }));
        }

        if (Receipt(mail) is { } receipt)
        {
            return new MsSanteReceived(mail.MessageId, from, subject, [], new Dictionary<string, byte[]>(), receipt);
        }

        var parts = mail.Attachments.OfType<MimePart>().ToList();
        var zip = parts.FirstOrDefault(p => string.Equals(p.FileName, XdmPackage.FileName, StringComparison.OrdinalIgnoreCase))
            ?? parts.FirstOrDefault(p => p.ContentType.IsMimeType("application", "zip"))
            ?? throw new DocumentFormatException($"the mail carries no {XdmPackage.FileName} (nor any zip): it is not a document sending");
        var media = XdmPackage.Read(new MemoryStream(Content(zip)));
        var pdfs = parts.Where(p => p.ContentType.IsMimeType("application", "pdf"))
            .GroupBy(p => p.FileName ?? "document.pdf", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Content(g.First()), StringComparer.Ordinal);
        return new MsSanteReceived(mail.MessageId, from, subject, media, pdfs, null);
    }

    private static MsSanteReceipt? Receipt(MimeMessage mail)
    {
        var parts = mail.BodyParts.ToList();
        if (parts.OfType<MessageDispositionNotification>().FirstOrDefault() is { } mdn)
        {
            var disposition = mdn.Fields["Disposition"] ?? string.Empty;
            var outcome = disposition.Split(';').LastOrDefault()?.Trim().Split('/')[0].Trim() ?? string.Empty;
            return new MsSanteReceipt(MsSanteReceiptKind.Read, Unbracket(mdn.Fields["Original-Message-ID"]), null, outcome, new Dictionary<string, string>());
        }

        if (parts.OfType<MessageDeliveryStatus>().FirstOrDefault() is { StatusGroups.Count: > 0 } dsn)
        {
            var envelope = dsn.StatusGroups[0]["Original-Envelope-Id"];
            var recipients = dsn.StatusGroups.Skip(1)
                .Where(g => g["Final-Recipient"] is not null)
                .ToDictionary(g => Address(g["Final-Recipient"]!), g => $"{g["Action"]?.Trim()} {g["Status"]?.Trim()}".Trim(), StringComparer.OrdinalIgnoreCase);
            var actions = dsn.StatusGroups.Skip(1).Select(g => g["Action"]?.Trim().ToLowerInvariant()).OfType<string>().ToList();
            var outcome = actions.Contains("failed") ? "failed" : actions.Contains("delayed") ? "delayed" : actions.FirstOrDefault() ?? string.Empty;
            return new MsSanteReceipt(MsSanteReceiptKind.Delivery, Unbracket(mail.InReplyTo), envelope?.Trim(), outcome, recipients);
        }

        return null;
    }

    private static byte[] Content(MimePart part)
    {
        using var stream = new MemoryStream();
        part.Content?.DecodeTo(stream);
        return stream.ToArray();
    }

    // rfc822; someone@example.org → someone@example.org
    private static string Address(string field) => field.Split(';').Last().Trim();

    private static string? Unbracket(string? id) => id?.Trim().Trim('<', '>');

    [System.Text.RegularExpressions.GeneratedRegex(@"^(\[(?<code>[^\]]*)\]\s*)+XDM/1\.0/DDM\+")]
    private static partial System.Text.RegularExpressions.Regex IntegrationError();
}
