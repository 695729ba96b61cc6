using System.Globalization;
using System.Text;
using System.Xml.Linq;
using EsmsDui.Connectors.Documents;
using EsmsDui.Connectors.Documents.Cda;
using EsmsDui.Connectors.Documents.Cda.Vocabulary;
using EsmsDui.Connectors.Documents.Xdm;
using EsmsDui.Connectors.Documents.Xds;
using EsmsDui.Dossier.Identity;
using EsmsDui.Dossier.Identity.Insi;
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
    private const string Loinc = "2.16.840.1.113883.6.1";
    private const string ClassCodes = "1.2.250.1.213.1.1.4.1";
    private const string FacilityTypes = "1.2.250.1.71.4.2.4";

    private static readonly XdsCode DefaultClass = new("11", ClassCodes, "Synthèse");
    private static readonly XdsCode PracticeSetting = new("ESSMS", "1.2.250.1.213.1.1.4.9", "Etablissement ou Service Social ou Médico-Social");
    private static readonly XdsCode ContentType = new("11", "1.2.250.1.213.2.2", "Hébergement complet ou internat (non compris internat de semaine)");

    // IHE's format code for a document whose MIME type says all (a structured CDA of no known CI-SIS volume).
    private static readonly XdsCode MimeTypeSufficient = new("urn:ihe:iti:xds:2017:mimeTypeSufficient", "1.3.6.1.4.1.19376.1.2.3", "Format from mimeType");

    /// <summary>The mail carrying <paramref name="document"/> to <paramref name="to"/>.</summary>
    public static MsSanteMessage Build(MsSanteDocument document, MsSanteOptions settings, string messageId, IReadOnlyList<string> to, bool noReply, string? note, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(settings);
        var traits = InsiTraitsOfPatient.Of(document.Usager);
        var ins = UsagerIdentity.MayDiscloseIns(document.Usager) ? UsagerIdentity.InsIdentifiers(document.Usager).FirstOrDefault() : null;
        var insOid = ins?.System?.Replace("urn:oid:", string.Empty, StringComparison.Ordinal);
        var birthDate = DateOnly.ParseExact(traits.BirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var localRoot = MsSanteOids.Derived(settings.Mailbox + "#usager");
        var patient = new CdaPatient(document.Usager.Id ?? string.Empty, localRoot, ins?.Value, insOid ?? Hl7V2.InsNirOid, traits.BirthName, null, traits.FirstNames, traits.Sex, birthDate, traits.BirthPlace);

        var cdaBytes = document.Cda ?? N1(document, patient, settings, now);
        var cda = Load(cdaBytes);
        if (document.Cda is not null && CdaIdentity.Read(cda).Ins is { } carried && carried != ins?.Value)
        {
            throw Refused(ins is null
                ? "The CDA document carries an INS, and the usager's identity is not qualified here: it may not leave with it."
                : "The CDA document names another INS than the usager's.");
        }

        CdaHeaderFacts facts;
        try
        {
            facts = CdaHeaderFacts.Read(cda);
        }
        catch (DocumentFormatException exception)
        {
            throw Refused("The CDA document cannot be sent: " + exception.Message);
        }

        var localId = Hl7V2.Cx(patient.LocalId, localRoot, "PI");
        var patientId = ins is null ? localId : Hl7V2.Ins(ins.Value!, insOid!);
        var organization = facts.AuthorOrganization ?? facts.Custodian;
        var xdsAuthor = new XdsAuthor(Hl7V2.Professional(facts.Author.IdNatPs, facts.Author.Family, facts.Author.Given), [Hl7V2.Xon(organization.Name, organization.IdNatStruct)], [], []);
        var facility = facts.HealthcareFacilityType ?? Facility(document.Custodian);
        var entry = new XdsDocumentEntry(
            "urn:uuid:" + Guid.NewGuid(), facts.UniqueId, "text/xml", "DOC0001.XML", XdmLayoutRules.Sha1(cdaBytes), cdaBytes.Length, patientId, localId,
            [$"PID-3|{localId}", $"PID-5|{traits.BirthName}^{traits.FirstNames[0]}^^^^^L", $"PID-7|{birthDate:yyyyMMdd}", $"PID-8|{traits.Sex}"],
            facts.Title, facts.EffectiveTime, facts.ServiceStart, facts.ServiceStop, "fr-FR", xdsAuthor,
            Hl7V2.Professional(facts.LegalAuthenticator.IdNatPs, facts.LegalAuthenticator.Family, facts.LegalAuthenticator.Given),
            Class(document.Reference), facts.Type, facts.Pdf is null ? MimeTypeSufficient : CdaN1Document.PdfFormat, facility, PracticeSetting, [facts.Confidentiality], []);
        var submission = new XdsSubmissionSet(
            "urn:uuid:" + Guid.NewGuid(), MsSanteOids.Derived(messageId), MsSanteOids.Derived(settings.Mailbox + "#source"), patientId, now, xdsAuthor,
            ContentType, facts.Title, [.. to.Select(a => $"|{a}^^Internet^{a}")], [entry]);
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
            new MsSanteUsager(traits.BirthName, given, birthDate, ins is null ? null : patientId),
            note ?? $"Veuillez trouver ci-joint le document « {title} » concernant {traits.BirthName} {given}, né(e) le {birthDate:dd/MM/yyyy}.",
            xdm, [facts.Type.Code], document.Pdf ?? facts.Pdf, PdfName(facts.EffectiveTime, title, traits.BirthName, given, patient.LocalId), noReply);
    }

    // The PDF in a CDA R2 N1 (XDS-SD) with the CI-SIS header, about this version of the document.
    private static byte[] N1(MsSanteDocument document, CdaPatient patient, MsSanteOptions settings, DateTimeOffset now)
    {
        var reference = document.Reference;
        var rpps = document.Author!.Identifier.First(i => i.System == MsSanteDocumentReader.IdNatPs).Value ?? string.Empty;
        var authorName = document.Author.Name.FirstOrDefault();
        var author = new CdaProfessional(rpps, authorName?.Family ?? rpps, authorName?.Given.FirstOrDefault(), Profession(document.Author));
        var organization = new CdaOrganization(MsSanteDocumentReader.IdNatStructOf(document.Custodian)!, document.Custodian.Name ?? settings.SenderName, PracticeSetting);
        var typeCoding = reference.Type!.Coding.First(c => c.System == "http://loinc.org");
        var type = CodeOf(typeCoding, Loinc) with { Display = typeCoding.Display ?? reference.Type.Text ?? typeCoding.Code ?? string.Empty };
        var created = reference.Date ?? now;
        var period = reference.Context?.Period;
        var documentKey = $"{settings.Mailbox}#DocumentReference/{reference.Id}";
        var uniqueId = reference.MasterIdentifier?.Value is { } master && master.StartsWith("urn:oid:", StringComparison.Ordinal)
            ? master["urn:oid:".Length..]
            : MsSanteOids.Derived($"{documentKey}/_history/{document.VersionId}");
        var cda = CdaN1Document.Write(new CdaN1Request(
            uniqueId, MsSanteOids.Derived(documentKey), document.VersionId, type, reference.Description ?? type.Display, created, Confidentiality(reference),
            patient, author, organization, author,
            period?.StartElement?.ToDateTimeOffset(TimeSpan.Zero) ?? created, period?.EndElement?.ToDateTimeOffset(TimeSpan.Zero),
            Facility(document.Custodian), document.Pdf));
        using var stream = new MemoryStream();
        cda.Save(stream);
        return stream.ToArray();
    }

    // The author's profession (TRE_G15, as the RPPS records it in a qualification) as JDV_J01 codes it; none when unknown.
    private static XdsCode? Profession(Practitioner author) =>
        author.Qualification.SelectMany(q => q.Code?.Coding ?? []).FirstOrDefault(c => c.System?.Contains("G15", StringComparison.Ordinal) == true && c.Code is { Length: > 0 }) is { } profession
            ? AuthorSpecialties.OfProfession(profession.Code!)
            : null;

    private static XDocument Load(byte[] cda) =>
        SafeXml.TryLoad(cda, out var error) ?? throw Refused("The CDA document is not readable XML: " + error);

    private static XdsCode Confidentiality(DocumentReference reference) =>
        reference.SecurityLabel.SelectMany(l => l.Coding).FirstOrDefault(c => c.System == "http://terminology.hl7.org/CodeSystem/v3-Confidentiality" && c.Code is "N" or "R" or "V") is { } label
            ? CodeOf(label, "2.16.840.1.113883.5.25")
            : new XdsCode("N", "2.16.840.1.113883.5.25", "Normal");

    private static XdsCode Class(DocumentReference reference) =>
        reference.Category.SelectMany(c => c.Coding).FirstOrDefault(c => c.System == "urn:oid:" + ClassCodes) is { } coding
            ? CodeOf(coding, ClassCodes)
            : DefaultClass;

    // The establishment's sector (TRE_R02) when its type records it; an establishment for the elderly otherwise.
    private static XdsCode Facility(Organization custodian) =>
        custodian.Type.SelectMany(t => t.Coding).FirstOrDefault(c => c.System?.Contains("R02", StringComparison.Ordinal) == true || c.System == "urn:oid:" + FacilityTypes) is { } coding
            ? CodeOf(coding, FacilityTypes)
            : new XdsCode("SA17", FacilityTypes, "Etablissement pour personnes âgées");

    private static XdsCode CodeOf(Coding coding, string scheme) => new(coding.Code ?? string.Empty, scheme, coding.Display ?? coding.Code ?? string.Empty);

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
