using System.Xml.Linq;
using EsmsDui.Connectors.Documents.Cda;
using EsmsDui.Connectors.Documents.Xds;

namespace EsmsDui.Connectors.UnitTests.Cda;

/// <summary>The CDA N1 (XDS-SD, embedded PDF) with the CI-SIS header, and the header rules on it.</summary>
public sealed class CdaN1DocumentTests
{
    private static readonly XNamespace V3 = CdaN1Document.V3;

    [Fact]
    public void A_document_for_a_qualified_identity_carries_the_INS_and_the_4_traits_and_follows_the_header_rules()
    {
        var cda = CdaN1Document.Write(SampleDocuments.Request(qualified: true));

        Assert.Empty(CdaHeaderRules.Check(cda));
        var ids = cda.Descendants(V3 + "patientRole").Single().Elements(V3 + "id").ToList();
        Assert.Contains(ids, i => (string?)i.Attribute("root") == Hl7V2.InsNirOid && (string?)i.Attribute("extension") == SampleDocuments.Ins);
        var identity = CdaIdentity.Read(cda);
        Assert.Equal((SampleDocuments.Ins, "DUPONT", "Hélène Marie", "F", new DateOnly(1979, 3, 5)), (identity.Ins, identity.BirthFamily, identity.BirthGivenNames, identity.Gender, identity.BirthDate));
        Assert.Equal(SampleDocuments.Pdf, Convert.FromBase64String(cda.Descendants(V3 + "nonXMLBody").Single().Element(V3 + "text")!.Value));
        Assert.Equal("20261203101500+0100", (string?)cda.Root!.Element(V3 + "effectiveTime")!.Attribute("value"));
    }

    [Fact]
    public void A_document_for_an_unqualified_identity_discloses_no_INS()
    {
        var cda = CdaN1Document.Write(SampleDocuments.Request(qualified: false));

        Assert.Empty(CdaHeaderRules.Check(cda));
        Assert.DoesNotContain(cda.Descendants(V3 + "id"), i => (string?)i.Attribute("root") is Hl7V2.InsNirOid or Hl7V2.InsNiaOid);
        Assert.DoesNotContain(SampleDocuments.Ins, cda.ToString(), StringComparison.Ordinal);
        Assert.Null(CdaIdentity.Read(cda).Ins);
    }

    public static TheoryData<string, string> Breaks => new()
    {
        { "realm", "realmCode is not FR" },
        { "template", "no templateId 1.2.250.1.213.1.1.1.1" },
        { "time without offset", "effectiveTime is not a time stamp with its offset" },
        { "language", "languageCode is not fr-FR" },
        { "no birth date with INS", "an INS is given without the birth date" },
        { "no sex with INS", "an INS is given without the sex" },
        { "no birth name with INS", "an INS is given without the birth name" },
        { "short INS", "the INS is not 15 characters long" },
        { "no legal authenticator", "no legalAuthenticator" },
        { "no custodian", "no custodian organisation" },
        { "author without RPPS", "an author's national id (1.2.250.1.71.4.2.1) has no extension" },
        { "no service event", "no documentationOf/serviceEvent" },
        { "no facility", "healthCareFacility/code" },
        { "not a PDF", "holds no PDF" },
        { "not base64", "is not base64" },
        { "two patients", "2 recordTarget" },
        { "no title", "title is empty" },
        { "no code system", "code lacks code, codeSystem or displayName" },
    };

    [Theory]
    [MemberData(nameof(Breaks))]
    public void Each_broken_header_rule_is_named(string change, string problem)
    {
        var cda = CdaN1Document.Write(SampleDocuments.Request());
        var root = cda.Root!;
        var patient = root.Descendants(V3 + "patient").Single();
        switch (change)
        {
            case "realm": root.Element(V3 + "realmCode")!.SetAttributeValue("code", "US"); break;
            case "template": root.Elements(V3 + "templateId").Single(t => (string?)t.Attribute("root") == CdaN1Document.CiSisHeaderTemplate).Remove(); break;
            case "time without offset": root.Element(V3 + "effectiveTime")!.SetAttributeValue("value", "20261203101500"); break;
            case "language": root.Element(V3 + "languageCode")!.SetAttributeValue("code", "en-US"); break;
            case "no birth date with INS": patient.Element(V3 + "birthTime")!.Remove(); break;
            case "no sex with INS": patient.Element(V3 + "administrativeGenderCode")!.SetAttributeValue("code", "UN"); break;
            case "no birth name with INS": patient.Descendants(V3 + "family").Where(f => (string?)f.Attribute("qualifier") == "BR").Remove(); break;
            case "short INS": root.Descendants(V3 + "id").Single(i => (string?)i.Attribute("root") == Hl7V2.InsNirOid).SetAttributeValue("extension", "2790351"); break;
            case "no legal authenticator": root.Element(V3 + "legalAuthenticator")!.Remove(); break;
            case "no custodian": root.Element(V3 + "custodian")!.Remove(); break;
            case "author without RPPS": root.Element(V3 + "author")!.Descendants(V3 + "id").First().Attribute("extension")!.Remove(); break;
            case "no service event": root.Element(V3 + "documentationOf")!.Remove(); break;
            case "no facility": root.Descendants(V3 + "healthCareFacility").Single().Remove(); break;
            case "not a PDF": root.Descendants(V3 + "nonXMLBody").Single().Element(V3 + "text")!.Value = Convert.ToBase64String("hello"u8.ToArray()); break;
            case "not base64": root.Descendants(V3 + "nonXMLBody").Single().Element(V3 + "text")!.Value = "%%%"; break;
            case "two patients": root.Element(V3 + "recordTarget")!.AddAfterSelf(new XElement(root.Element(V3 + "recordTarget")!)); break;
            case "no title": root.Element(V3 + "title")!.Value = " "; break;
            case "no code system": root.Element(V3 + "code")!.Attribute("codeSystem")!.Remove(); break;
        }

        Assert.Contains(CdaHeaderRules.Check(cda), p => p.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void An_INS_without_its_traits_is_not_read_as_the_usagers_identity()
    {
        var cda = CdaN1Document.Write(SampleDocuments.Request());
        cda.Descendants(V3 + "birthTime").Single().Remove();

        Assert.Null(CdaIdentity.Read(cda).Ins);
    }
}
