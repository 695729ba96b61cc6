using System.Globalization;
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

namespace EsmsDui.Connectors.Records;

/// <summary>
/// A document of the record ready to leave by any channel: its CDA (the record's own, or a PDF wrapped in a CDA N1
/// with the CI-SIS header), the facts of that header, and its XDS DocumentEntry (INS as patientId only for a
/// qualified identity). Ids are derived from the establishment and the document version, not from the channel, so
/// the same version has the same uniqueId by MSSanté and in the DMP (receivers deduplicate on it).
/// </summary>
/// <param name="Cda">The CDA document.</param>
/// <param name="Facts">What its header says.</param>
/// <param name="Traits">The usager's identity traits.</param>
/// <param name="BirthDate">His birth date.</param>
/// <param name="PatientId">The XDS patientId: the INS (CX) for a qualified identity, the local id otherwise.</param>
/// <param name="Ins">The INS when the identity is qualified, else null.</param>
/// <param name="LocalId">The usager's local id (CX).</param>
/// <param name="Author">The XDS author (from the CDA's author).</param>
/// <param name="Entry">The XDS DocumentEntry of the CDA.</param>
public sealed record OutgoingDocument(
    byte[] Cda,
    CdaHeaderFacts Facts,
    InsiTraits Traits,
    DateOnly BirthDate,
    string PatientId,
    string? Ins,
    string LocalId,
    XdsAuthor Author,
    XdsDocumentEntry Entry)
{
    private const string Loinc = "2.16.840.1.113883.6.1";
    private const string ClassCodes = "1.2.250.1.213.1.1.4.1";
    private const string FacilityTypes = "1.2.250.1.71.4.2.4";

    private static readonly XdsCode DefaultClass = new("11", ClassCodes, "Synthèse");

    /// <summary>The document <paramref name="document"/> ready to leave, its XDS entry named <paramref name="uri"/> (XDM).</summary>
    /// <param name="document">The document read from the record.</param>
    /// <param name="organizationName">The establishment's name when the record gives none.</param>
    /// <param name="uri">The file name in an XDM subset.</param>
    /// <param name="replaces">The uniqueId of the version this one replaces, for a CDA made here (relatedDocument RPLC).</param>
    /// <param name="now">Now.</param>
    /// <exception cref="FhirException">422 when the document cannot leave (a rule broken, an INS it may not carry).</exception>
    public static OutgoingDocument Prepare(RecordDocument document, string organizationName, string uri, string? replaces, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(document);
        var traits = InsiTraitsOfPatient.Of(document.Usager);
        var patient = PatientOf(document.Usager, document.Custodian);
        var ins = patient.Ins;
        var birthDate = patient.BirthDate!.Value;

        var cdaBytes = document.Cda ?? N1(document, patient, organizationName, replaces, now);
        var cda = SafeXml.TryLoad(cdaBytes, out var error) ?? throw Refused("The CDA document is not readable XML: " + error);
        if (document.Cda is not null && replaces is not null && IsMadeHere(cda, document))
        {
            // A document this server made (a DLU) learns at sending which version the receiver holds, as an N1 does.
            CdaHeaderWriter.SetReplacement(cda, replaces);
            using var replacement = new MemoryStream();
            cda.Save(replacement);
            cdaBytes = replacement.ToArray();
        }

        if (document.Cda is not null && CdaIdentity.Read(cda).Ins is { } carried && carried != ins)
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

        var localId = Hl7V2.Cx(patient.LocalId, patient.LocalIdRoot, "PI");
        var patientId = ins is null ? localId : Hl7V2.Ins(ins, patient.InsOid);
        var organization = facts.AuthorOrganization ?? facts.Custodian;
        var author = new XdsAuthor(Hl7V2.Professional(facts.Author.IdNatPs, facts.Author.Family, facts.Author.Given), [Hl7V2.Xon(organization.Name, organization.IdNatStruct)], [], []);
        var entry = new XdsDocumentEntry(
            "urn:uuid:" + Guid.NewGuid(), facts.UniqueId, "text/xml", uri, XdmLayoutRules.Sha1(cdaBytes), cdaBytes.Length, patientId, localId,
            [$"PID-3|{localId}", $"PID-5|{traits.BirthName}^{traits.FirstNames[0]}^^^^^L", $"PID-7|{birthDate:yyyyMMdd}", $"PID-8|{traits.Sex}"],
            facts.Title, facts.EffectiveTime, facts.ServiceStart, facts.ServiceStop, "fr-FR", author,
            Hl7V2.Professional(facts.LegalAuthenticator.IdNatPs, facts.LegalAuthenticator.Family, facts.LegalAuthenticator.Given),
            Class(document.Reference), facts.Type, CdaFormats.Of(cda),
            facts.HealthcareFacilityType ?? Facility(document.Custodian), CdaOrganization.Essms, [facts.Confidentiality], []);
        return new OutgoingDocument(cdaBytes, facts, traits, birthDate, patientId, ins, localId, author, entry);
    }

    /// <summary>The uniqueId of a version (by default the one read) of a document of the record, the same for every channel.</summary>
    public static string UniqueIdOf(RecordDocument document, int? version = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.Reference.MasterIdentifier?.Value is { } master && master.StartsWith("urn:oid:", StringComparison.Ordinal)
            ? master["urn:oid:".Length..]
            : UniqueIdOf(RecordDocumentReader.IdNatStructOf(document.Custodian)!, document.Reference.Id!, version ?? document.VersionId);
    }

    /// <summary>The uniqueId of version <paramref name="version"/> of <c>DocumentReference/[documentId]</c> of the establishment <paramref name="idNatStruct"/>.</summary>
    public static string UniqueIdOf(string idNatStruct, string documentId, int version) => RecordOids.Derived($"{DocumentKey(idNatStruct, documentId)}/_history/{version}");

    /// <summary>The setId of the versions of <c>DocumentReference/[documentId]</c> of the establishment <paramref name="idNatStruct"/>.</summary>
    public static string SetIdOf(string idNatStruct, string documentId) => RecordOids.Derived(DocumentKey(idNatStruct, documentId));

    /// <summary>The usager as a CDA recordTarget names him: the INS and its traits only for a qualified identity.</summary>
    public static CdaPatient PatientOf(Patient usager, Organization custodian)
    {
        ArgumentNullException.ThrowIfNull(usager);
        var traits = InsiTraitsOfPatient.Of(usager);
        var ins = UsagerIdentity.MayDiscloseIns(usager) ? UsagerIdentity.InsIdentifiers(usager).FirstOrDefault() : null;
        var birthDate = DateOnly.ParseExact(traits.BirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var localRoot = RecordOids.Derived(RecordDocumentReader.IdNatStructOf(custodian) + "#usager");
        return new CdaPatient(usager.Id ?? string.Empty, localRoot, ins?.Value, ins?.System?.Replace("urn:oid:", string.Empty, StringComparison.Ordinal) ?? Hl7V2.InsNirOid,
            traits.BirthName, null, traits.FirstNames, traits.Sex, birthDate, traits.BirthPlace);
    }

    /// <summary>A practitioner with an RPPS as a CDA names him, with his profession (TRE_G15 as JDV_J01 codes it) when recorded.</summary>
    public static CdaProfessional ProfessionalOf(Practitioner practitioner)
    {
        ArgumentNullException.ThrowIfNull(practitioner);
        var rpps = practitioner.Identifier.First(i => i.System == RecordDocumentReader.IdNatPs).Value ?? string.Empty;
        var name = practitioner.Name.FirstOrDefault();
        return new CdaProfessional(rpps, name?.Family ?? rpps, name?.Given.FirstOrDefault(), Profession(practitioner));
    }

    /// <summary>The establishment's sector (TRE_R02) when its type records it; an establishment for the elderly otherwise.</summary>
    public static XdsCode Facility(Organization custodian)
    {
        ArgumentNullException.ThrowIfNull(custodian);
        return custodian.Type.SelectMany(t => t.Coding).FirstOrDefault(c => c.System?.Contains("R02", StringComparison.Ordinal) == true || c.System == "urn:oid:" + FacilityTypes) is { } coding
            ? CodeOf(coding, FacilityTypes)
            : new XdsCode("SA17", FacilityTypes, "Etablissement pour personnes âgées");
    }

    private static string DocumentKey(RecordDocument document) => DocumentKey(RecordDocumentReader.IdNatStructOf(document.Custodian)!, document.Reference.Id!);

    private static string DocumentKey(string idNatStruct, string documentId) => $"{idNatStruct}#DocumentReference/{documentId}";

    private static bool IsMadeHere(XDocument cda, RecordDocument document) =>
        (string?)cda.Root?.Element(CdaN1Document.V3 + "setId")?.Attribute("root") == RecordOids.Derived(DocumentKey(document));

    // The PDF in a CDA R2 N1 (XDS-SD) with the CI-SIS header, about this version of the document.
    private static byte[] N1(RecordDocument document, CdaPatient patient, string organizationName, string? replaces, DateTimeOffset now)
    {
        var reference = document.Reference;
        var author = ProfessionalOf(document.Author!);
        var organization = new CdaOrganization(RecordDocumentReader.IdNatStructOf(document.Custodian)!, document.Custodian.Name ?? organizationName, CdaOrganization.Essms);
        var typeCoding = reference.Type!.Coding.First(c => c.System == "http://loinc.org");
        var type = CodeOf(typeCoding, Loinc) with { Display = typeCoding.Display ?? reference.Type.Text ?? typeCoding.Code ?? string.Empty };
        var created = reference.Date ?? now;
        var period = reference.Context?.Period;
        var cda = CdaN1Document.Write(new CdaHeader(
            UniqueIdOf(document), RecordOids.Derived(DocumentKey(document)), document.VersionId, type, reference.Description ?? type.Display, created, Confidentiality(reference),
            patient, author, organization, author,
            period?.StartElement?.ToDateTimeOffset(TimeSpan.Zero) ?? created, period?.EndElement?.ToDateTimeOffset(TimeSpan.Zero),
            Facility(document.Custodian), replaces), document.Pdf);
        using var stream = new MemoryStream();
        cda.Save(stream);
        return stream.ToArray();
    }

    // The author's profession (TRE_G15, as the RPPS records it in a qualification) as JDV_J01 codes it; none when unknown.
    private static XdsCode? Profession(Practitioner author) =>
        author.Qualification.SelectMany(q => q.Code?.Coding ?? []).FirstOrDefault(c => c.System?.Contains("G15", StringComparison.Ordinal) == true && c.Code is { Length: > 0 }) is { } profession
            ? AuthorSpecialties.OfProfession(profession.Code!)
            : null;

    private static XdsCode Confidentiality(DocumentReference reference) =>
        reference.SecurityLabel.SelectMany(l => l.Coding).FirstOrDefault(c => c.System == "http://terminology.hl7.org/CodeSystem/v3-Confidentiality" && c.Code is "N" or "R" or "V") is { } label
            ? CodeOf(label, "2.16.840.1.113883.5.25")
            : new XdsCode("N", "2.16.840.1.113883.5.25", "Normal");

    private static XdsCode Class(DocumentReference reference) =>
        reference.Category.SelectMany(c => c.Coding).FirstOrDefault(c => c.System == "urn:oid:" + ClassCodes) is { } coding
            ? CodeOf(coding, ClassCodes)
            : DefaultClass;

    private static XdsCode CodeOf(Coding coding, string scheme) => new(coding.Code ?? string.Empty, scheme, coding.Display ?? coding.Code ?? string.Empty);

    private static FhirException Refused(string message) => new(FhirErrorKind.Unprocessable, message, OperationOutcome.IssueType.BusinessRule);
}
