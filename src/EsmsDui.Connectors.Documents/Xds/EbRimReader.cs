using System.Globalization;
using System.Xml.Linq;
using static EsmsDui.Connectors.Documents.Xds.EbRim;

namespace EsmsDui.Connectors.Documents.Xds;

/// <summary>Reads a METADATA.XML (ebRIM SubmitObjectsRequest) that follows <see cref="XdsMetadataRules"/>.</summary>
public static class EbRimReader
{
    /// <summary>The submission <paramref name="metadata"/> describes; <see cref="DocumentFormatException"/> naming every broken rule otherwise.</summary>
    public static XdsSubmissionSet Read(XDocument metadata)
    {
        var problems = XdsMetadataRules.Check(metadata);
        if (problems.Count > 0)
        {
            throw new DocumentFormatException("METADATA.XML breaks the XDS metadata rules: " + string.Join("; ", problems));
        }

        var list = metadata.Root!.Element(Rim + "RegistryObjectList")!;
        var set = list.Elements(Rim + "RegistryPackage").Single(p => list.Descendants(Rim + "Classification")
            .Any(c => (string?)c.Attribute("classificationNode") == XdsIdentifiers.SubmissionSetNode && (string?)c.Attribute("classifiedObject") == (string?)p.Attribute("id")));
        return new XdsSubmissionSet(
            (string)set.Attribute("id")!,
            Identifier(set, XdsIdentifiers.SubmissionSet.UniqueId),
            Identifier(set, XdsIdentifiers.SubmissionSet.SourceId),
            Identifier(set, XdsIdentifiers.SubmissionSet.PatientId),
            Hl7V2.ParseDtm(SingleSlot(set, "submissionTime"))!.Value,
            Author(Classifications(set, XdsIdentifiers.SubmissionSet.Author).First()),
            Code(Classifications(set, XdsIdentifiers.SubmissionSet.ContentTypeCode).Single())!,
            Name(set),
            Slot(set, "intendedRecipient"),
            [.. list.Elements(Rim + "ExtrinsicObject").Select(DocumentEntry)],
            list.Elements(Rim + "Association").Where(a => (string?)a.Attribute("associationType") == XdsIdentifiers.Replace)
                .ToDictionary(a => (string)a.Attribute("sourceObject")!, a => (string)a.Attribute("targetObject")!));
    }

    private static XdsDocumentEntry DocumentEntry(XElement entry) => new(
        (string)entry.Attribute("id")!,
        Identifier(entry, XdsIdentifiers.DocumentEntry.UniqueId),
        (string)entry.Attribute("mimeType")!,
        SingleSlot(entry, "URI")!,
        SingleSlot(entry, "hash")!,
        long.Parse(SingleSlot(entry, "size")!, CultureInfo.InvariantCulture),
        Identifier(entry, XdsIdentifiers.DocumentEntry.PatientId),
        SingleSlot(entry, "sourcePatientId")!,
        Slot(entry, "sourcePatientInfo"),
        Name(entry)!,
        Hl7V2.ParseDtm(SingleSlot(entry, "creationTime"))!.Value,
        Hl7V2.ParseDtm(SingleSlot(entry, "serviceStartTime"))!.Value,
        Hl7V2.ParseDtm(SingleSlot(entry, "serviceStopTime")),
        SingleSlot(entry, "languageCode")!,
        Author(Classifications(entry, XdsIdentifiers.DocumentEntry.Author).First()),
        SingleSlot(entry, "legalAuthenticator")!,
        CodeOf(entry, XdsIdentifiers.DocumentEntry.ClassCode),
        CodeOf(entry, XdsIdentifiers.DocumentEntry.TypeCode),
        CodeOf(entry, XdsIdentifiers.DocumentEntry.FormatCode),
        CodeOf(entry, XdsIdentifiers.DocumentEntry.HealthcareFacilityTypeCode),
        CodeOf(entry, XdsIdentifiers.DocumentEntry.PracticeSettingCode),
        [.. Classifications(entry, XdsIdentifiers.DocumentEntry.ConfidentialityCode).Select(c => Code(c)!)],
        [.. Classifications(entry, XdsIdentifiers.DocumentEntry.EventCode).Select(Code).OfType<XdsCode>()]);

    private static XdsCode CodeOf(XElement entry, string scheme) => Code(Classifications(entry, scheme).Single())!;

    private static string Identifier(XElement owner, string scheme) => (string)ExternalIdentifiers(owner, scheme).Single().Attribute("value")!;
}
