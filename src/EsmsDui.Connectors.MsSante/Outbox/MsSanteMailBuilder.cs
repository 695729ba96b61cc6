using System.Text;
using EsmsDui.Connectors.Documents;
using EsmsDui.Connectors.Documents.Xdm;
using EsmsDui.Connectors.Documents.Xds;
using EsmsDui.Connectors.Records;
using EsmsDui.Fhir.Errors;
using Hl7.Fhir.Model;

namespace EsmsDui.Connectors.MsSante.Outbox;

/// <summary>
/// The mail of a sending: a PDF wrapped in a CDA R2 N1 with the CI-SIS header (the INS only for a qualified identity,
/// the author by RPPS, the custodian by FINESS) — or a CDA document of the record as it is —, in an IHE_XDM.ZIP whose
/// XDS metadata come from the CDA header, with the PDF alongside. Ids are derived from the document version, so a
/// retry sends the same documents. What would break the CI-SIS or XDS rules is refused (422).
/// </summary>
public static class MsSanteMailBuilder
{
    private static readonly XdsCode ContentType = new("11", "1.2.250.1.213.2.2", "Hébergement complet ou internat (non compris internat de semaine)");

    /// <summary>The mail carrying <paramref name="document"/> to <paramref name="to"/>.</summary>
    public static MsSanteMessage Build(RecordDocument document, MsSanteOptions settings, string messageId, IReadOnlyList<string> to, bool noReply, string? note, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(settings);
        var outgoing = OutgoingDocument.Prepare(document, settings.SenderName, "DOC0001.XML", replaces: null, now);
        var (cdaBytes, facts, traits, birthDate, patientId) = (outgoing.Cda, outgoing.Facts, outgoing.Traits, outgoing.BirthDate, outgoing.PatientId);
        var submission = new XdsSubmissionSet(
            "urn:uuid:" + Guid.NewGuid(), RecordOids.Derived(messageId), RecordOids.Derived(settings.Mailbox + "#source"), patientId, now, outgoing.Author,
            ContentType, facts.Title, [.. to.Select(a => $"|{a}^^Internet^{a}")], [outgoing.Entry]);
        byte[] xdm;
        try
        {
            xdm = XdmPackage.Write(submission, [cdaBytes], document.Custodian.Name ?? settings.SenderName);
        }
        catch (DocumentFormatException exception)
        {
            throw Refused(exception.Message);
        }

        var title = document.Reference.Description ?? facts.Title;
        var given = traits.FirstNames[0];
        return new MsSanteMessage(
            messageId, to, title,
            new MsSanteUsager(traits.BirthName, given, birthDate, outgoing.Ins is null ? null : patientId),
            note ?? $"Veuillez trouver ci-joint le document « {title} » concernant {traits.BirthName} {given}, né(e) le {birthDate:dd/MM/yyyy}.",
            xdm, [facts.Type.Code], document.Pdf ?? facts.Pdf, PdfName(facts.EffectiveTime, title, traits.BirthName, given, document.Usager.Id ?? string.Empty), noReply);
    }

    private static FhirException Refused(string message) => new(FhirErrorKind.Unprocessable, message, OperationOutcome.IssueType.BusinessRule);

    // The naming the MSSanté guide recommends: date_title_NAME_Given_localid.pdf, in plain ASCII.
    private static string PdfName(DateTimeOffset created, string title, string family, string given, string localId)
    {
        var name = $"{created:yyyyMMdd}_{title}_{family}_{given}_{localId}";
        var ascii = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            {
                ascii.Append(c);
            }
            else if (c == ' ')
            {
                ascii.Append('-');
            }
        }

        return ascii + ".pdf";
    }
}
