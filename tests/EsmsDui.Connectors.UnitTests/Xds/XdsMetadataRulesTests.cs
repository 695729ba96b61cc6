using System.Xml.Linq;
using EsmsDui.Connectors.Documents;
using EsmsDui.Connectors.Documents.Xds;

namespace EsmsDui.Connectors.UnitTests.Xds;

/// <summary>The XDS metadata rules on METADATA.XML: what the writer produces passes; each broken rule is named.</summary>
public sealed class XdsMetadataRulesTests
{
    private static readonly XNamespace Rim = XdsIdentifiers.Rim;

    [Fact]
    public void The_written_metadata_follows_every_rule()
    {
        var metadata = SampleDocuments.Metadata();

        Assert.Empty(XdsMetadataRules.Check(metadata));
        Assert.Equal(2, metadata.Descendants(Rim + "ExtrinsicObject").Count());
        Assert.Equal(2, metadata.Descendants(Rim + "Association").Count());
    }

    public static TheoryData<string, string> Breaks => new()
    {
        { "classCode", "0 classCode classification(s); one expected" },
        { "typeCode", "0 typeCode classification(s); one expected" },
        { "formatCode", "0 formatCode classification(s); one expected" },
        { "healthcareFacilityTypeCode", "0 healthcareFacilityTypeCode classification(s); one expected" },
        { "practiceSettingCode", "0 practiceSettingCode classification(s); one expected" },
        { "confidentialityCode", "0 confidentialityCode classification(s); at least one expected" },
        { "entry author", "no author classification" },
        { "codingScheme", "has no code (nodeRepresentation) or no codingScheme slot" },
        { "slot creationTime", "slot creationTime missing" },
        { "slot hash", "slot hash missing" },
        { "slot size", "slot size missing" },
        { "slot sourcePatientId", "slot sourcePatientId missing" },
        { "slot sourcePatientInfo", "slot sourcePatientInfo missing" },
        { "slot languageCode", "slot languageCode missing" },
        { "slot legalAuthenticator", "slot legalAuthenticator missing" },
        { "slot URI", "slot URI missing" },
        { "bad time", "is not a DTM" },
        { "entry uniqueId", "0 XDSDocumentEntry.uniqueId external identifier(s); one expected" },
        { "entry patientId", "0 XDSDocumentEntry.patientId external identifier(s); one expected" },
        { "other patient", "differs from the submission set's" },
        { "set uniqueId", "0 XDSSubmissionSet.uniqueId external identifier(s); one expected" },
        { "set sourceId", "0 XDSSubmissionSet.sourceId external identifier(s); one expected" },
        { "set patientId", "0 XDSSubmissionSet.patientId external identifier(s); one expected" },
        { "set contentTypeCode", "0 contentTypeCode classification(s); one expected" },
        { "set submissionTime", "slot submissionTime missing or not a DTM" },
        { "set node", "classified as a submission set" },
        { "association", "HasMember association from the submission set" },
        { "duplicate id", "is used 2 times" },
        { "identifier name", "is not named XDSDocumentEntry.uniqueId" },
        { "objectType", "objectType is not the stable document entry type" },
    };

    [Theory]
    [MemberData(nameof(Breaks))]
    public void Each_broken_rule_is_named(string change, string problem)
    {
        var metadata = SampleDocuments.Metadata();
        var entry = metadata.Descendants(Rim + "ExtrinsicObject").First();
        var set = metadata.Descendants(Rim + "RegistryPackage").Single();
        XElement Scheme(XElement owner, string scheme) => owner.Elements().First(e => (string?)e.Attribute("classificationScheme") == scheme || (string?)e.Attribute("identificationScheme") == scheme);
        XElement Slot(XElement owner, string name) => owner.Elements(Rim + "Slot").Single(s => (string?)s.Attribute("name") == name);
        switch (change)
        {
            case "classCode": Scheme(entry, XdsIdentifiers.DocumentEntry.ClassCode).Remove(); break;
            case "typeCode": Scheme(entry, XdsIdentifiers.DocumentEntry.TypeCode).Remove(); break;
            case "formatCode": Scheme(entry, XdsIdentifiers.DocumentEntry.FormatCode).Remove(); break;
            case "healthcareFacilityTypeCode": Scheme(entry, XdsIdentifiers.DocumentEntry.HealthcareFacilityTypeCode).Remove(); break;
            case "practiceSettingCode": Scheme(entry, XdsIdentifiers.DocumentEntry.PracticeSettingCode).Remove(); break;
            case "confidentialityCode": Scheme(entry, XdsIdentifiers.DocumentEntry.ConfidentialityCode).Remove(); break;
            case "entry author": Scheme(entry, XdsIdentifiers.DocumentEntry.Author).Remove(); break;
            case "codingScheme": Slot(Scheme(entry, XdsIdentifiers.DocumentEntry.TypeCode), "codingScheme").Remove(); break;
            case var slot when slot.StartsWith("slot ", StringComparison.Ordinal): Slot(entry, slot[5..]).Remove(); break;
            case "bad time": Slot(entry, "creationTime").Descendants(Rim + "Value").Single().Value = "2026-12-03"; break;
            case "entry uniqueId": Scheme(entry, XdsIdentifiers.DocumentEntry.UniqueId).Remove(); break;
            case "entry patientId": Scheme(entry, XdsIdentifiers.DocumentEntry.PatientId).Remove(); break;
            case "other patient": Scheme(entry, XdsIdentifiers.DocumentEntry.PatientId).SetAttributeValue("value", Hl7V2.Ins("180017512345678")); break;
            case "set uniqueId": Scheme(set, XdsIdentifiers.SubmissionSet.UniqueId).Remove(); break;
            case "set sourceId": Scheme(set, XdsIdentifiers.SubmissionSet.SourceId).Remove(); break;
            case "set patientId": Scheme(set, XdsIdentifiers.SubmissionSet.PatientId).Remove(); break;
            case "set contentTypeCode": Scheme(set, XdsIdentifiers.SubmissionSet.ContentTypeCode).Remove(); break;
            case "set submissionTime": Slot(set, "submissionTime").Remove(); break;
            case "set node": set.Elements(Rim + "Classification").Single(c => c.Attribute("classificationNode") is not null).Remove(); break;
            case "association": metadata.Descendants(Rim + "Association").First().Remove(); break;
            case "duplicate id": Scheme(entry, XdsIdentifiers.DocumentEntry.TypeCode).SetAttributeValue("id", (string?)Scheme(entry, XdsIdentifiers.DocumentEntry.ClassCode).Attribute("id")); break;
            case "identifier name": Scheme(entry, XdsIdentifiers.DocumentEntry.UniqueId).Element(Rim + "Name")!.Element(Rim + "LocalizedString")!.SetAttributeValue("value", "uniqueId"); break;
            case "objectType": entry.SetAttributeValue("objectType", "urn:uuid:34268e47-fdf5-41a6-ba33-82133c465248"); break;
        }

        var problems = XdsMetadataRules.Check(metadata);

        Assert.Contains(problems, p => p.Contains(problem, StringComparison.Ordinal));
        Assert.Throws<DocumentFormatException>(() => EbRimReader.Read(metadata));
    }

    [Fact]
    public void A_document_that_is_not_a_submit_objects_request_is_refused()
    {
        Assert.Equal(["the root is not an lcm:SubmitObjectsRequest with a rim:RegistryObjectList"], XdsMetadataRules.Check(XDocument.Parse("<x/>")));
    }

    [Theory]
    [InlineData("2026", "2026-01-01T00:00:00Z")]
    [InlineData("20261203", "2026-12-03T00:00:00Z")]
    [InlineData("20261203101500", "2026-12-03T10:15:00Z")]
    [InlineData("2026120", null)]
    [InlineData("2026-12-03", null)]
    [InlineData("20261340", null)]
    public void Times_are_read_at_their_precision(string dtm, string? expected)
    {
        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Hl7V2.ParseDtm(dtm));
    }
}
