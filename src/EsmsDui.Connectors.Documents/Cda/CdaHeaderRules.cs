using System.Text.RegularExpressions;
using System.Xml.Linq;
using EsmsDui.Connectors.Documents.Cda.Vocabulary;
using EsmsDui.Connectors.Documents.Xds;

namespace EsmsDui.Connectors.Documents.Cda;

/// <summary>
/// The CI-SIS rules on a CDA R2 header that this server implements: French realm and CI-SIS template; id, code, title,
/// time stamps with their offset, confidentiality, fr-FR, setId and version; one usager whose INS, when given, comes
/// with the INS traits; authors, custodian and legal authenticator identified by their national ids, their codes from
/// JDV_J01; the service event with its time and performer, and the establishment's sector; and for IHE XDS-SD a base64
/// body of its declared type. Each rule answers one of the ANS structure-minimum schematron
/// (ASIP-STRUCT-MIN-StrucMin), so a document these rules pass does not fail it on them.
/// </summary>
public static partial class CdaHeaderRules
{
    private static readonly XNamespace V3 = CdaN1Document.V3;

    /// <summary>What breaks the rules in <paramref name="cda"/>; empty when it follows them.</summary>
    public static IReadOnlyList<string> Check(XDocument cda)
    {
        ArgumentNullException.ThrowIfNull(cda);
        var root = cda.Root;
        if (root?.Name != V3 + "ClinicalDocument")
        {
            return ["the root is not a ClinicalDocument in urn:hl7-org:v3"];
        }

        var problems = new List<string>();
        void Require(bool holds, string problem)
        {
            if (!holds)
            {
                problems.Add(problem);
            }
        }

        Require(Attribute(root, "realmCode", "code") == "FR", "realmCode is not FR");
        Require(Attribute(root, "typeId", "root") == "2.16.840.1.113883.1.3" && Attribute(root, "typeId", "extension") == "POCD_HD000040", "typeId is not 2.16.840.1.113883.1.3 / POCD_HD000040");
        var templates = root.Elements(V3 + "templateId").Select(t => (string?)t.Attribute("root")).ToList();
        Require(templates.Contains(CdaN1Document.CiSisHeaderTemplate), $"no templateId {CdaN1Document.CiSisHeaderTemplate} (CI-SIS header)");
        Require(IsId(Attribute(root, "id", "root")), "id has no root (OID or UUID)");
        Require(IsCode(root.Element(V3 + "code")), "code lacks code, codeSystem or displayName");
        Require(!string.IsNullOrWhiteSpace(root.Element(V3 + "title")?.Value), "title is empty");
        Require(IsTimestamp(Attribute(root, "effectiveTime", "value")), "effectiveTime is not a time stamp with its offset (YYYYMMDDhhmmss+zzzz)");
        Require(Attribute(root, "confidentialityCode", "code") is { Length: > 0 } && Attribute(root, "confidentialityCode", "codeSystem") is { Length: > 0 }, "confidentialityCode lacks code or codeSystem");
        Require(Attribute(root, "languageCode", "code") == "fr-FR", "languageCode is not fr-FR");
        Require(IsId(Attribute(root, "setId", "root")), "setId has no root");
        Require(int.TryParse(Attribute(root, "versionNumber", "value"), out var version) && version >= 1, "versionNumber is not a positive number");

        CheckPatient(root, problems);
        var authors = root.Elements(V3 + "author").ToList();
        Require(authors.Count > 0, "no author");
        foreach (var author in authors)
        {
            Require(IsTimestamp(Attribute(author, "time", "value")), "an author has no time with its offset");
            var assigned = author.Element(V3 + "assignedAuthor");
            Require(IsId(Attribute(assigned, "id", "root")), "an author has no id");
            Require(assigned?.Element(V3 + "assignedPerson") is not null || assigned?.Element(V3 + "assignedAuthoringDevice") is not null, "an author is neither a person nor a device");
            CheckNationalId(assigned?.Element(V3 + "id"), Hl7V2.IdNatPsOid, "an author", problems);
            CheckSpecialty(assigned?.Element(V3 + "code"), "an author", problems);
        }

        var custodian = root.Element(V3 + "custodian")?.Element(V3 + "assignedCustodian")?.Element(V3 + "representedCustodianOrganization");
        Require(custodian is not null && IsId(Attribute(custodian, "id", "root")) && !string.IsNullOrWhiteSpace(custodian.Element(V3 + "name")?.Value), "no custodian organisation with id and name");
        CheckNationalId(custodian?.Element(V3 + "id"), Hl7V2.IdNatStructOid, "the custodian", problems);

        var legal = root.Element(V3 + "legalAuthenticator");
        Require(legal is not null && IsTimestamp(Attribute(legal, "time", "value")) && Attribute(legal, "signatureCode", "code") == "S"
            && IsId(Attribute(legal.Element(V3 + "assignedEntity"), "id", "root")), "no legalAuthenticator with time, signatureCode S and id");
        CheckSpecialty(legal?.Element(V3 + "assignedEntity")?.Element(V3 + "code"), "the legal authenticator", problems);
        CheckServiceEvent(root, problems);
        Require(IsCode(root.Element(V3 + "componentOf")?.Element(V3 + "encompassingEncounter")?.Element(V3 + "location")?.Element(V3 + "healthCareFacility")?.Element(V3 + "code")),
            "no componentOf/encompassingEncounter/location/healthCareFacility/code (the establishment's sector)");

        // dtr1-6-IVL_TS: an interval's low and high are not the same instant (a single instant is low alone).
        Require(!root.Descendants().Any(e => e.Element(V3 + "low") is { } low && e.Element(V3 + "high") is { } high && (string?)low.Attribute("value") is { } from && from == (string?)high.Attribute("value")),
            "an interval (IVL_TS) has low equal to high");

        var body = root.Element(V3 + "component");
        Require(body?.Element(V3 + "nonXMLBody") is not null || body?.Element(V3 + "structuredBody") is not null, "no body (nonXMLBody or structuredBody)");
        if (templates.Contains(CdaN1Document.XdsSdTemplate))
        {
            CheckScannedBody(body?.Element(V3 + "nonXMLBody")?.Element(V3 + "text"), problems);
        }

        return problems;
    }

    private static void CheckPatient(XElement root, List<string> problems)
    {
        var targets = root.Elements(V3 + "recordTarget").ToList();
        if (targets.Count != 1 || targets[0].Element(V3 + "patientRole") is not { } role)
        {
            problems.Add($"{targets.Count} recordTarget with a patientRole; one expected");
            return;
        }

        var ids = role.Elements(V3 + "id").ToList();
        if (ids.Count == 0)
        {
            problems.Add("the usager has no id");
        }

        var patient = role.Element(V3 + "patient");
        var name = patient?.Element(V3 + "name");
        if (name?.Elements(V3 + "family").Select(f => (string?)f.Attribute("qualifier")).FirstOrDefault(q => q is not null and not "BR" and not "CL") is { } qualifier)
        {
            problems.Add($"the usager's family name has qualifier {qualifier}: only BR (birth name) and CL (used name) are allowed");
        }

        var ins = ids.FirstOrDefault(i => (string?)i.Attribute("root") is Hl7V2.InsNirOid or Hl7V2.InsNiaOid);
        if (ins is null)
        {
            return;
        }

        // An INS travels with the traits of the qualified identity it belongs to: birth name, birth given names and the
        // first of them, sex, birth date and birth place (COG).
        if (((string?)ins.Attribute("extension"))?.Length != 15)
        {
            problems.Add("the INS is not 15 characters long");
        }

        if (name?.Elements(V3 + "family").Any(f => (string?)f.Attribute("qualifier") == "BR" && f.Value.Length > 0) != true)
        {
            problems.Add("an INS is given without the birth name (family qualifier BR)");
        }

        if (name?.Elements(V3 + "given").Any(g => (string?)g.Attribute("qualifier") == "BR" && g.Value.Length > 0) != true)
        {
            problems.Add("an INS is given without the first birth given name (given qualifier BR)");
        }

        if (name?.Elements(V3 + "given").Any(g => g.Attribute("qualifier") is null && g.Value.Length > 0) != true)
        {
            problems.Add("an INS is given without the birth given names (given without qualifier)");
        }

        if (string.IsNullOrWhiteSpace(patient?.Element(V3 + "birthplace")?.Element(V3 + "place")?.Element(V3 + "addr")?.Element(V3 + "county")?.Value))
        {
            problems.Add("an INS is given without the birth place (birthplace/place/addr/county, its COG code)");
        }

        if ((string?)patient?.Element(V3 + "administrativeGenderCode")?.Attribute("code") is not ("F" or "M"))
        {
            problems.Add("an INS is given without the sex (administrativeGenderCode F or M)");
        }

        if (((string?)patient?.Element(V3 + "birthTime")?.Attribute("value"))?.Length != 8)
        {
            problems.Add("an INS is given without the birth date (birthTime YYYYMMDD)");
        }
    }

    // The main act (first documentationOf): its time, and the one professional who performed it in an organisation.
    private static void CheckServiceEvent(XElement root, List<string> problems)
    {
        var serviceEvent = root.Element(V3 + "documentationOf")?.Element(V3 + "serviceEvent");
        if (!IsTimestamp(serviceEvent?.Element(V3 + "effectiveTime")?.Element(V3 + "low")?.Attribute("value")?.Value))
        {
            problems.Add("no documentationOf/serviceEvent/effectiveTime/low (the service start time)");
        }

        var performers = serviceEvent?.Elements(V3 + "performer").ToList() ?? [];
        var entity = performers.Count == 1 && (string?)performers[0].Attribute("typeCode") == "PRF" ? performers[0].Element(V3 + "assignedEntity") : null;
        if (entity is null || !IsId(Attribute(entity, "id", "root")) || entity.Element(V3 + "representedOrganization") is null)
        {
            problems.Add($"documentationOf/serviceEvent has {performers.Count} performer; one PRF performer with an id and a representedOrganization expected (the main act's)");
            return;
        }

        if (!IsCode(entity.Element(V3 + "representedOrganization")?.Element(V3 + "standardIndustryClassCode")))
        {
            problems.Add("the service event's performer's organisation has no standardIndustryClassCode (its practice setting, JDV_J04)");
        }

        CheckNationalId(entity.Element(V3 + "id"), Hl7V2.IdNatPsOid, "the service event's performer", problems);
        CheckSpecialty(entity.Element(V3 + "code"), "the service event's performer", problems);
    }

    private static void CheckSpecialty(XElement? code, string who, List<string> problems)
    {
        var value = (string?)code?.Attribute("code");
        if (value is not null && !AuthorSpecialties.Contains(value, (string?)code!.Attribute("codeSystem")))
        {
            problems.Add($"{who}'s code {value} ({(string?)code.Attribute("codeSystem")}) is not in JDV_J01_XdsAuthorSpecialty_CISIS ({AuthorSpecialties.ValueSetOid})");
        }
    }

    private static void CheckNationalId(XElement? id, string oid, string who, List<string> problems)
    {
        if ((string?)id?.Attribute("root") == oid && ((string?)id.Attribute("extension"))?.Length is not > 1)
        {
            problems.Add($"{who}'s national id ({oid}) has no extension");
        }
    }

    private static void CheckScannedBody(XElement? text, List<string> problems)
    {
        if (text is null || (string?)text.Attribute("representation") != "B64" || (string?)text.Attribute("mediaType") is not { Length: > 0 } mediaType)
        {
            problems.Add("an XDS-SD document needs nonXMLBody/text with a mediaType and representation B64");
            return;
        }

        byte[] content;
        try
        {
            content = Convert.FromBase64String(text.Value);
        }
        catch (FormatException)
        {
            problems.Add("the nonXMLBody text is not base64");
            return;
        }

        if (mediaType == "application/pdf" && !content.AsSpan().StartsWith("%PDF-"u8))
        {
            problems.Add("the nonXMLBody says application/pdf but holds no PDF");
        }
    }

    private static string? Attribute(XElement? owner, string element, string attribute) => (string?)owner?.Element(V3 + element)?.Attribute(attribute);

    private static bool IsCode(XElement? code) =>
        code is not null && ((string?)code.Attribute("code"))?.Length > 0 && ((string?)code.Attribute("codeSystem"))?.Length > 0 && ((string?)code.Attribute("displayName"))?.Length > 0;

    private static bool IsId(string? root) => root is not null && (XdsMetadataRules.IsOid(root) || Guid.TryParse(root, out _));

    private static bool IsTimestamp(string? value) => value is not null && Timestamp().IsMatch(value);

    [GeneratedRegex("^[0-9]{14}(\\.[0-9]{1,4})?[+-][0-9]{4}$")]
    private static partial Regex Timestamp();
}
