using System.Text;
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
        var cda = CdaN1Document.Write(SampleDocuments.Request(qualified: true), SampleDocuments.Pdf);

        Assert.Empty(CdaHeaderRules.Check(cda));
        var ids = cda.Descendants(V3 + "patientRole").Single().Elements(V3 + "id").ToList();
        Assert.Contains(ids, i => (string?)i.Attribute("root") == Hl7V2.InsNirOid && (string?)i.Attribute("extension") == SampleDocuments.Ins);
        var identity = CdaIdentity.Read(cda);
        Assert.Equal((SampleDocuments.Ins, "DUPONT", "Hélène Marie", "F", new DateOnly(1979, 3, 5)), (identity.Ins, identity.BirthFamily, identity.BirthGivenNames, identity.Gender, identity.BirthDate));
        Assert.Equal(SampleDocuments.Pdf, Convert.FromBase64String(cda.Descendants(V3 + "nonXMLBody").Single().Element(V3 + "text")!.Value));
        Assert.Equal("20261203101500+0100", (string?)cda.Root!.Element(V3 + "effectiveTime")!.Attribute("value"));
    }

    [Fact]
    public void The_documents_for_a_qualified_and_an_unqualified_identity_and_of_one_instant_pass_the_official_ANS_validator()
    {
        // A document about one instant (an evaluation): its periods are their low alone, never low equal to high.
        var request = SampleDocuments.Request();
        using var stream = new MemoryStream();
        CdaN1Document.Write(request with { ServiceStop = request.ServiceStart }, SampleDocuments.Pdf).Save(stream);

        var errors = OfficialCdaValidator.ErrorsOfEach([SampleDocuments.Cda(qualified: true), SampleDocuments.Cda(qualified: false), stream.ToArray()]);

        Assert.Empty(errors[0]);
        Assert.Empty(errors[1]);
        Assert.Empty(errors[2]);
    }

    [Fact]
    public void A_document_for_an_unqualified_identity_discloses_no_INS()
    {
        var cda = CdaN1Document.Write(SampleDocuments.Request(qualified: false), SampleDocuments.Pdf);

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
        { "no performer", "one PRF performer" },
        { "two performers", "2 performer" },
        { "no birth place with INS", "without the birth place" },
        { "no birth given names with INS", "without the birth given names" },
        { "used name qualified SP", "qualifier SP" },
        { "no performer practice setting", "no standardIndustryClassCode" },
        { "author code not in J01", "not in JDV_J01_XdsAuthorSpecialty_CISIS" },
        { "legal authenticator code not in J01", "the legal authenticator's code" },
        { "encounter of one instant as low and high", "low equal to high" },
    };

    [Theory]
    [MemberData(nameof(Breaks))]
    public void Each_broken_header_rule_is_named(string change, string problem)
    {
        var cda = Broken(change);

        Assert.Contains(CdaHeaderRules.Check(cda), p => p.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void What_the_official_validator_refuses_the_header_rules_refuse_too()
    {
        var changes = Breaks.Select(row => (string)row[0]).ToList();
        var official = OfficialCdaValidator.ErrorsOfEach([.. changes.Select(c => Encoding.UTF8.GetBytes(Broken(c).ToString()))]);

        var missed = changes.Where((change, i) => official[i].Count > 0 && CdaHeaderRules.Check(Broken(change)).Count == 0).ToList();
        Assert.Empty(missed);
        Assert.All(["no performer", "no birth place with INS", "used name qualified SP", "author code not in J01", "no performer practice setting", "encounter of one instant as low and high"], change => Assert.NotEmpty(official[changes.IndexOf(change)]));
    }

    private static XDocument Broken(string change)
    {
        var cda = CdaN1Document.Write(SampleDocuments.Request(), SampleDocuments.Pdf);
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
            case "no performer": root.Descendants(V3 + "performer").Single().Remove(); break;
            case "two performers": root.Descendants(V3 + "performer").Single().AddAfterSelf(new XElement(root.Descendants(V3 + "performer").Single())); break;
            case "no birth place with INS": patient.Element(V3 + "birthplace")!.Remove(); break;
            case "no birth given names with INS": patient.Descendants(V3 + "given").Where(g => g.Attribute("qualifier") is null).Remove(); break;
            case "used name qualified SP": patient.Element(V3 + "name")!.Add(new XElement(V3 + "family", new XAttribute("qualifier", "SP"), "MARTIN")); break;
            case "no performer practice setting": root.Descendants(V3 + "performer").Single().Descendants(V3 + "standardIndustryClassCode").Remove(); break;
            case "author code not in J01": root.Element(V3 + "author")!.Descendants(V3 + "code").Single().ReplaceWith(Code("60", "1.2.250.1.71.1.2.7")); break;
            case "encounter of one instant as low and high":
                var encounter = root.Descendants(V3 + "encompassingEncounter").Single().Element(V3 + "effectiveTime")!;
                encounter.Elements(V3 + "high").Remove();
                encounter.Add(new XElement(V3 + "high", new XAttribute("value", (string)encounter.Element(V3 + "low")!.Attribute("value")!)));
                break;
            case "legal authenticator code not in J01": root.Element(V3 + "legalAuthenticator")!.Descendants(V3 + "assignedPerson").Single().AddBeforeSelf(Code("G15_99", "1.2.250.1.213.1.1.4.5")); break;
        }

        return cda;
    }

    private static XElement Code(string code, string system) => new(V3 + "code", new XAttribute("code", code), new XAttribute("codeSystem", system), new XAttribute("displayName", code));

    [Fact]
    public void An_INS_without_its_traits_is_not_read_as_the_usagers_identity()
    {
        var cda = CdaN1Document.Write(SampleDocuments.Request(), SampleDocuments.Pdf);
        cda.Descendants(V3 + "birthTime").Single().Remove();

        Assert.Null(CdaIdentity.Read(cda).Ins);
    }
}
