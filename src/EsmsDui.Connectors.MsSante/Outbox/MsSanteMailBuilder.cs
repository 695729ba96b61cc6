using System.Globalization;
using System.Text;
using EsmsDui.Connectors.Documents.Cda;
using EsmsDui.Connectors.Documents.Xdm;
using EsmsDui.Connectors.Documents.Xds;
using EsmsDui.Dossier.Identity;
using EsmsDui.Dossier.Identity.Insi;
using EsmsDui.Fhir.Errors;
using Hl7.Fhir.Model;

namespace EsmsDui.Connectors.MsSante.Outbox;

/// <summary>
/// The mail of a sending: the PDF wrapped in a CDA R2 N1 with the CI-SIS header (the INS only for a qualified
/// identity, the author by RPPS, the custodian by FINESS), in an IHE_XDM.ZIP with its XDS metadata, and the PDF
/// alongside. Ids are derived from the document version, so a retry sends the same documents.
/// </summary>
public static class MsSanteMailBuilder
{
    private const string Loinc = "2.16.840.1.113883.6.1";
    private const string ClassCodes = "1.2.250.1.213.1.1.4.1";
    private const string FacilityTypes = "1.2.250.1.71.4.2.4";

    private static readonly XdsCode DefaultClass = new("11", ClassCodes, "Synthèse");
    private static readonly XdsCode PracticeSetting = new("ESSMS", "1.2.250.1.213.1.1.4.9", "Etablissement ou Service Social ou Médico-Social");
    private static readonly XdsCode ContentType = new("11", "1.2.250.1.213.2.2", "Hébergement complet ou internat (non compris internat de semaine)");

    /// <summary>The mail carrying <paramref name="document"/> to <paramref name="to"/>.</summary>
    public static MsSanteMessage Build(MsSanteDocument document, MsSanteOptions settings, string messageId, IReadOnlyList<string> to, bool noReply, string? note, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(settings);
        var reference = document.Reference;
        var traits = InsiTraitsOfPatient.Of(document.Usager);
        var ins = UsagerIdentity.MayDiscloseIns(document.Usager) ? UsagerIdentity.InsIdentifiers(document.Usager).FirstOrDefault() : null;
        var insOid = ins?.System?.Replace("urn:oid:", string.Empty, StringComparison.Ordinal);
        var birthDate = DateOnly.ParseExact(traits.BirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var localRoot = MsSanteOids.Derived(settings.Mailbox + "#usager");
        var patient = new CdaPatient(document.Usager.Id ?? string.Empty, localRoot, ins?.Value, insOid ?? Hl7V2.InsNirOid, traits.BirthName, null, traits.FirstNames, traits.Sex, birthDate, traits.BirthPlace);

        var rpps = document.Author.Identifier.First(i => i.System == MsSanteDocumentReader.IdNatPs).Value ?? string.Empty;
        var authorName = document.Author.Name.FirstOrDefault();
        var author = new CdaProfessional(rpps, authorName?.Family ?? rpps, authorName?.Given.FirstOrDefault(), null);
        var organization = new CdaOrganization(MsSanteDocumentReader.IdNatStructOf(document.Custodian)!, document.Custodian.Name ?? settings.SenderName);
        var typeCoding = reference.Type!.Coding.First(c => c.System == "http://loinc.org");
        var type = CodeOf(typeCoding, Loinc) with { Display = typeCoding.Display ?? reference.Type.Text ?? typeCoding.Code ?? string.Empty };
        var title = reference.Description ?? type.Display;
        var created = reference.Date ?? now;
        var period = reference.Context?.Period;
        var serviceStart = period?.StartElement?.ToDateTimeOffset(TimeSpan.Zero) ?? created;
        var serviceStop = period?.EndElement?.ToDateTimeOffset(TimeSpan.Zero);
        var confidentiality = Confidentiality(reference);
        var facility = Facility(document.Custodian);
        var documentKey = $"{settings.Mailbox}#DocumentReference/{reference.Id}";
        var uniqueId = reference.MasterIdentifier?.Value is { } master && master.StartsWith("urn:oid:", StringComparison.Ordinal)
            ? master["urn:oid:".Length..]
            : MsSanteOids.Derived($"{documentKey}/_history/{document.VersionId}");
        var cda = CdaN1Document.Write(new CdaN1Request(
            uniqueId, MsSanteOids.Derived(documentKey), document.VersionId, type, title, created, confidentiality,
            patient, author, organization, author, serviceStart, serviceStop, facility, document.Pdf));
        // What is sent follows the CI-SIS header rules it will be checked against on arrival.
        if (CdaHeaderRules.Check(cda) is { Count: > 0 } problems)
        {
            throw new FhirException(FhirErrorKind.Unprocessable, "The CDA document would break the CI-SIS header rules: " + string.Join("; ", problems), OperationOutcome.IssueType.BusinessRule);
        }

        byte[] cdaBytes;
        using (var stream = new MemoryStream())
        {
            cda.Save(stream);
            cdaBytes = stream.ToArray();
        }

        var localId = Hl7V2.Cx(patient.LocalId, localRoot, "PI");
        var patientId = ins is null ? localId : Hl7V2.Ins(ins.Value!, insOid!);
        var xdsAuthor = new XdsAuthor(Hl7V2.Professional(rpps, author.Family, author.Given), [Hl7V2.Xon(organization.Name, organization.IdNatStruct)], [], []);
        var entry = new XdsDocumentEntry(
            "urn:uuid:" + Guid.NewGuid(), uniqueId, "text/xml", "DOC0001.XML", XdmLayoutRules.Sha1(cdaBytes), cdaBytes.Length, patientId, localId,
            [$"PID-3|{localId}", $"PID-5|{traits.BirthName}^{traits.FirstNames[0]}^^^^^L", $"PID-7|{birthDate:yyyyMMdd}", $"PID-8|{traits.Sex}"],
            title, created, serviceStart, serviceStop, "fr-FR", xdsAuthor, xdsAuthor.Person,
            Class(reference), type, CdaN1Document.PdfFormat, facility, PracticeSetting, [confidentiality], []);
        var submission = new XdsSubmissionSet(
            "urn:uuid:" + Guid.NewGuid(), MsSanteOids.Derived(messageId), MsSanteOids.Derived(settings.Mailbox + "#source"), patientId, now, xdsAuthor,
            ContentType, title, [.. to.Select(a => $"|{a}^^Internet^{a}")], [entry]);
        var xdm = XdmPackage.Write(submission, [cdaBytes], organization.Name);
        var given = traits.FirstNames[0];
        return new MsSanteMessage(
            messageId, to, title,
            new MsSanteUsager(traits.BirthName, given, birthDate, ins is null ? null : patientId),
            note ?? $"Veuillez trouver ci-joint le document « {title} » concernant {traits.BirthName} {given}, né(e) le {birthDate:dd/MM/yyyy}.",
            xdm, [type.Code], document.Pdf, PdfName(created, title, traits.BirthName, given, patient.LocalId), noReply);
    }

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
