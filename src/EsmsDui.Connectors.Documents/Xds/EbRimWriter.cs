using System.Globalization;
using System.Xml.Linq;

namespace EsmsDui.Connectors.Documents.Xds;

/// <summary>
/// Writes a submission as an ebRIM 3.0 <c>SubmitObjectsRequest</c> (the METADATA.XML of an XDM subset, the body of
/// an ITI-41): the submission set as a RegistryPackage, each document as an ExtrinsicObject, with their slots,
/// classifications and external identifiers, and a HasMember association per document.
/// </summary>
public static class EbRimWriter
{
    private static readonly XNamespace Rim = XdsIdentifiers.Rim;
    private static readonly XNamespace Lcm = XdsIdentifiers.Lcm;

    /// <summary>The METADATA.XML document of <paramref name="submission"/>.</summary>
    public static XDocument Write(XdsSubmissionSet submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var objects = new XElement(Rim + "RegistryObjectList");
        foreach (var document in submission.Documents)
        {
            objects.Add(DocumentEntry(document));
        }

        objects.Add(SubmissionSet(submission));
        foreach (var document in submission.Documents)
        {
            objects.Add(new XElement(Rim + "Association",
                new XAttribute("id", NewId()),
                new XAttribute("objectType", XdsIdentifiers.AssociationType),
                new XAttribute("associationType", XdsIdentifiers.HasMember),
                new XAttribute("sourceObject", submission.EntryUuid),
                new XAttribute("targetObject", document.EntryUuid),
                Slot("SubmissionSetStatus", "Original")));
        }

        foreach (var (replacing, replaced) in submission.Replaces ?? new Dictionary<string, string>())
        {
            objects.Add(new XElement(Rim + "Association",
                new XAttribute("id", NewId()),
                new XAttribute("objectType", XdsIdentifiers.AssociationType),
                new XAttribute("associationType", XdsIdentifiers.Replace),
                new XAttribute("sourceObject", replacing),
                new XAttribute("targetObject", replaced)));
        }

        return new XDocument(new XDeclaration("1.0", "UTF-8", null),
            new XElement(Lcm + "SubmitObjectsRequest",
                new XAttribute(XNamespace.Xmlns + "lcm", XdsIdentifiers.Lcm),
                new XAttribute(XNamespace.Xmlns + "rim", XdsIdentifiers.Rim),
                objects));
    }

    private static XElement DocumentEntry(XdsDocumentEntry document)
    {
        var entry = new XElement(Rim + "ExtrinsicObject",
            new XAttribute("id", document.EntryUuid),
            new XAttribute("mimeType", document.MimeType),
            new XAttribute("objectType", XdsIdentifiers.StableDocumentEntry),
            new XAttribute("status", "urn:oasis:names:tc:ebxml-regrep:StatusType:Approved"),
            Slot("creationTime", Hl7V2.Dtm(document.CreationTime)),
            Slot("hash", document.Hash),
            Slot("languageCode", document.LanguageCode),
            Slot("legalAuthenticator", document.LegalAuthenticator),
            Slot("serviceStartTime", Hl7V2.Dtm(document.ServiceStartTime)),
            document.ServiceStopTime is { } stop ? Slot("serviceStopTime", Hl7V2.Dtm(stop)) : null,
            Slot("size", document.Size.ToString(CultureInfo.InvariantCulture)),
            Slot("sourcePatientId", document.SourcePatientId),
            Slot("sourcePatientInfo", [.. document.SourcePatientInfo]),
            Slot("URI", document.Uri),
            Name(document.Title),
            Author(XdsIdentifiers.DocumentEntry.Author, document.EntryUuid, document.Author),
            Code(XdsIdentifiers.DocumentEntry.ClassCode, document.EntryUuid, document.Class),
            document.Confidentiality.Select(c => Code(XdsIdentifiers.DocumentEntry.ConfidentialityCode, document.EntryUuid, c)),
            document.Events.Select(c => Code(XdsIdentifiers.DocumentEntry.EventCode, document.EntryUuid, c)),
            Code(XdsIdentifiers.DocumentEntry.FormatCode, document.EntryUuid, document.Format),
            Code(XdsIdentifiers.DocumentEntry.HealthcareFacilityTypeCode, document.EntryUuid, document.HealthcareFacilityType),
            Code(XdsIdentifiers.DocumentEntry.PracticeSettingCode, document.EntryUuid, document.PracticeSetting),
            Code(XdsIdentifiers.DocumentEntry.TypeCode, document.EntryUuid, document.Type),
            ExternalIdentifier(XdsIdentifiers.DocumentEntry.PatientId, document.EntryUuid, document.PatientId, "XDSDocumentEntry.patientId"),
            ExternalIdentifier(XdsIdentifiers.DocumentEntry.UniqueId, document.EntryUuid, document.UniqueId, "XDSDocumentEntry.uniqueId"));
        return entry;
    }

    private static XElement SubmissionSet(XdsSubmissionSet submission) =>
        new(Rim + "RegistryPackage",
            new XAttribute("id", submission.EntryUuid),
            new XAttribute("objectType", XdsIdentifiers.RegistryPackageType),
            Slot("submissionTime", Hl7V2.Dtm(submission.SubmissionTime)),
            submission.IntendedRecipients.Count > 0 ? Slot("intendedRecipient", [.. submission.IntendedRecipients]) : null,
            submission.Title is { Length: > 0 } title ? Name(title) : null,
            Author(XdsIdentifiers.SubmissionSet.Author, submission.EntryUuid, submission.Author),
            Code(XdsIdentifiers.SubmissionSet.ContentTypeCode, submission.EntryUuid, submission.ContentType),
            new XElement(Rim + "Classification",
                new XAttribute("id", NewId()),
                new XAttribute("objectType", XdsIdentifiers.ClassificationType),
                new XAttribute("classifiedObject", submission.EntryUuid),
                new XAttribute("classificationNode", XdsIdentifiers.SubmissionSetNode)),
            ExternalIdentifier(XdsIdentifiers.SubmissionSet.UniqueId, submission.EntryUuid, submission.UniqueId, "XDSSubmissionSet.uniqueId"),
            ExternalIdentifier(XdsIdentifiers.SubmissionSet.SourceId, submission.EntryUuid, submission.SourceId, "XDSSubmissionSet.sourceId"),
            ExternalIdentifier(XdsIdentifiers.SubmissionSet.PatientId, submission.EntryUuid, submission.PatientId, "XDSSubmissionSet.patientId"));

    private static XElement Author(string scheme, string classified, XdsAuthor author) =>
        new(Rim + "Classification",
            new XAttribute("id", NewId()),
            new XAttribute("objectType", XdsIdentifiers.ClassificationType),
            new XAttribute("classificationScheme", scheme),
            new XAttribute("classifiedObject", classified),
            new XAttribute("nodeRepresentation", string.Empty),
            Slot("authorPerson", author.Person),
            author.Institutions.Count > 0 ? Slot("authorInstitution", [.. author.Institutions]) : null,
            author.Roles.Count > 0 ? Slot("authorRole", [.. author.Roles]) : null,
            author.Specialties.Count > 0 ? Slot("authorSpecialty", [.. author.Specialties]) : null);

    private static XElement Code(string scheme, string classified, XdsCode code) =>
        new(Rim + "Classification",
            new XAttribute("id", NewId()),
            new XAttribute("objectType", XdsIdentifiers.ClassificationType),
            new XAttribute("classificationScheme", scheme),
            new XAttribute("classifiedObject", classified),
            new XAttribute("nodeRepresentation", code.Code),
            Slot("codingScheme", code.Scheme),
            Name(code.Display));

    private static XElement ExternalIdentifier(string scheme, string registryObject, string value, string name) =>
        new(Rim + "ExternalIdentifier",
            new XAttribute("id", NewId()),
            new XAttribute("objectType", XdsIdentifiers.ExternalIdentifierType),
            new XAttribute("identificationScheme", scheme),
            new XAttribute("registryObject", registryObject),
            new XAttribute("value", value),
            Name(name));

    private static XElement Slot(string name, params string[] values) =>
        new(Rim + "Slot", new XAttribute("name", name), new XElement(Rim + "ValueList", values.Select(v => new XElement(Rim + "Value", v))));

    private static XElement Name(string text) => new(Rim + "Name", new XElement(Rim + "LocalizedString", new XAttribute("value", text)));

    // Ids of the metadata's own objects (classifications, identifiers, associations): unique UUIDs.
    private static string NewId() => "urn:uuid:" + Guid.NewGuid().ToString("D");
}
