namespace EsmsDui.Connectors.MsSante;

/// <summary>
/// A mail carrying a usager's documents: an IHE_XDM.ZIP (with the CDA documents, whose codes go in
/// <c>X-MSS-CODECDA</c>) and the human-readable PDF alongside.
/// </summary>
/// <param name="MessageId">The Message-ID (without angle brackets): fixed per sending, so that a retry is recognised.</param>
/// <param name="To">The recipients' MSSanté addresses.</param>
/// <param name="Label">The document's label in the subject (libellé).</param>
/// <param name="Usager">The usager the documents are about.</param>
/// <param name="Body">The text of the mail.</param>
/// <param name="Xdm">The IHE_XDM.ZIP, if any.</param>
/// <param name="CdaCodes">The codes of the CDA documents in <paramref name="Xdm"/>.</param>
/// <param name="Pdf">The human-readable PDF, if any.</param>
/// <param name="PdfName">Its file name.</param>
/// <param name="NoReply">True: the usager must not reply through Mon espace santé (<c>X-MSS-MES: FIN</c>).</param>
public sealed record MsSanteMessage(
    string MessageId,
    IReadOnlyList<string> To,
    string Label,
    MsSanteUsager Usager,
    string Body,
    byte[]? Xdm,
    IReadOnlyList<string> CdaCodes,
    byte[]? Pdf,
    string? PdfName,
    bool NoReply);

/// <summary>The usager of a mail: names and birth date for the subject, the INS only when the identity is qualified.</summary>
/// <param name="Family">Family name (birth name).</param>
/// <param name="Given">First given name.</param>
/// <param name="BirthDate">Birth date.</param>
/// <param name="QualifiedIns">The INS as an HL7 v2 CX, null unless the identity is qualified.</param>
public sealed record MsSanteUsager(string Family, string Given, DateOnly? BirthDate, string? QualifiedIns);
