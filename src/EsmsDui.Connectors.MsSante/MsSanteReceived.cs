using EsmsDui.Connectors.Documents.Xdm;

namespace EsmsDui.Connectors.MsSante;

/// <summary>A mail read from the mailbox: the documents it carries, or the receipt it is.</summary>
/// <param name="MessageId">Its Message-ID.</param>
/// <param name="From">The sender's address.</param>
/// <param name="Subject">Its subject, without the <c>XDM/1.0/DDM+</c> prefix staff need not see.</param>
/// <param name="Media">The IHE XDM subsets of its IHE_XDM.ZIP (checked), empty for a receipt.</param>
/// <param name="Pdfs">The PDF attachments, by file name.</param>
/// <param name="Receipt">The read receipt (MDN) or delivery status (DSN) it is, or null.</param>
public sealed record MsSanteReceived(
    string? MessageId,
    string From,
    string Subject,
    IReadOnlyList<XdmSubset> Media,
    IReadOnlyDictionary<string, byte[]> Pdfs,
    MsSanteReceipt? Receipt);

/// <summary>A receipt about a mail this mailbox sent.</summary>
/// <param name="Kind">Read (MDN) or delivery (DSN).</param>
/// <param name="OriginalMessageId">The Message-ID of the mail it is about (MDN), if given.</param>
/// <param name="OriginalEnvelopeId">The envelope id of the mail it is about (DSN; this connector sends the Message-ID).</param>
/// <param name="Outcome">What happened: <c>displayed</c>, <c>deleted</c>… (MDN) or <c>delivered</c>, <c>failed</c>, <c>delayed</c>… (DSN).</param>
/// <param name="Recipients">The recipients a DSN reports on, with their status code (e.g. <c>2.0.0</c>).</param>
public sealed record MsSanteReceipt(MsSanteReceiptKind Kind, string? OriginalMessageId, string? OriginalEnvelopeId, string Outcome, IReadOnlyDictionary<string, string> Recipients);

/// <summary>The kinds of receipts.</summary>
public enum MsSanteReceiptKind
{
    /// <summary>Message disposition notification (RFC 8098): read, deleted…</summary>
    Read,

    /// <summary>Delivery status notification (RFC 3464).</summary>
    Delivery,

    /// <summary>
    /// The recipient's software could not integrate the mail: a mail whose subject is
    /// <c>[…][code erreur] XDM/1.0/DDM+…</c> (ANS volet "Transmission au LPS de documents CDA provenant d'un courriel MSSanté").
    /// </summary>
    IntegrationError,
}
