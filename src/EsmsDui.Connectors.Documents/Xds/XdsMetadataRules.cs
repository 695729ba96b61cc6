using System.Xml.Linq;
using static EsmsDui.Connectors.Documents.Xds.EbRim;

namespace EsmsDui.Connectors.Documents.Xds;

/// <summary>
/// Checks a METADATA.XML against the XDS metadata rules (IHE ITI TF-3 §4.2.3, with the optionality of the CI-SIS):
/// one submission set with its required slots, classifications and external identifiers; each document entry with
/// its own; codes with a coding scheme; one HasMember association per document; the same patientId everywhere.
/// </summary>
public static class XdsMetadataRules
{
    private static readonly (string Scheme, string Name)[] RequiredEntryCodes =
    [
        (XdsIdentifiers.DocumentEntry.ClassCode, "classCode"),
        (XdsIdentifiers.DocumentEntry.FormatCode, "formatCode"),
        (XdsIdentifiers.DocumentEntry.HealthcareFacilityTypeCode, "healthcareFacilityTypeCode"),
        (XdsIdentifiers.DocumentEntry.PracticeSettingCode, "practiceSettingCode"),
        (XdsIdentifiers.DocumentEntry.TypeCode, "typeCode"),
    ];

    private static readonly string[] RequiredEntrySlots = ["creationTime", "hash", "languageCode", "legalAuthenticator", "serviceStartTime", "size", "sourcePatientId", "sourcePatientInfo", "URI"];

    /// <summary>What breaks the rules in <paramref name="metadata"/>, each with where; empty when it follows them.</summary>
    public static IReadOnlyList<string> Check(XDocument metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var problems = new List<string>();
        var root = metadata.Root;
        if (root?.Name != XName.Get("SubmitObjectsRequest", XdsIdentifiers.Lcm) || root.Element(Rim + "RegistryObjectList") is not { } list)
        {
            return ["the root is not an lcm:SubmitObjectsRequest with a rim:RegistryObjectList"];
        }

        var ids = list.Descendants().Select(e => (string?)e.Attribute("id")).OfType<string>().ToList();
        problems.AddRange(ids.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => $"id {g.Key} is used {g.Count()} times"));

        var sets = list.Elements(Rim + "RegistryPackage")
            .Where(p => list.Descendants(Rim + "Classification").Any(c => (string?)c.Attribute("classificationNode") == XdsIdentifiers.SubmissionSetNode && (string?)c.Attribute("classifiedObject") == (string?)p.Attribute("id")))
            .ToList();
        if (sets.Count != 1)
        {
            problems.Add($"{sets.Count} RegistryPackage classified as a submission set ({XdsIdentifiers.SubmissionSetNode}); one expected");
            return problems;
        }

        var set = sets[0];
        var setId = (string)set.Attribute("id")!;
        var patientId = CheckSubmissionSet(set, setId, problems);
        var entries = list.Elements(Rim + "ExtrinsicObject").ToList();
        if (entries.Count == 0)
        {
            problems.Add("no ExtrinsicObject (document entry)");
        }

        foreach (var entry in entries)
        {
            CheckDocumentEntry(entry, patientId, problems);
            var entryId = (string?)entry.Attribute("id");
            var members = list.Elements(Rim + "Association").Count(a => (string?)a.Attribute("associationType") == XdsIdentifiers.HasMember
                && (string?)a.Attribute("sourceObject") == setId && (string?)a.Attribute("targetObject") == entryId
                && SingleSlot(a, "SubmissionSetStatus") == "Original");
            if (members != 1)
            {
                problems.Add($"document entry {entryId}: {members} HasMember association from the submission set with SubmissionSetStatus=Original; one expected");
            }
        }

        return problems;
    }

    private static string? CheckSubmissionSet(XElement set, string setId, List<string> problems)
    {
        var where = $"submission set {setId}";
        if (Hl7V2.ParseDtm(SingleSlot(set, "submissionTime")) is null)
        {
            problems.Add($"{where}: slot submissionTime missing or not a DTM");
        }

        CheckAuthors(Classifications(set, XdsIdentifiers.SubmissionSet.Author).ToList(), setId, where, problems);
        CheckCodes(set, setId, XdsIdentifiers.SubmissionSet.ContentTypeCode, "contentTypeCode", where, single: true, problems);
        CheckIdentifier(set, setId, XdsIdentifiers.SubmissionSet.UniqueId, "XDSSubmissionSet.uniqueId", where, problems, IsOid);
        CheckIdentifier(set, setId, XdsIdentifiers.SubmissionSet.SourceId, "XDSSubmissionSet.sourceId", where, problems, IsOid);
        return CheckIdentifier(set, setId, XdsIdentifiers.SubmissionSet.PatientId, "XDSSubmissionSet.patientId", where, problems, v => Hl7V2.ParseCx(v) is not null);
    }

    private static void CheckDocumentEntry(XElement entry, string? patientId, List<string> problems)
    {
        var id = (string?)entry.Attribute("id") ?? "(no id)";
        var where = $"document entry {id}";
        if ((string?)entry.Attribute("objectType") != XdsIdentifiers.StableDocumentEntry)
        {
            problems.Add($"{where}: objectType is not the stable document entry type {XdsIdentifiers.StableDocumentEntry}");
        }

        if (((string?)entry.Attribute("mimeType"))?.Contains('/', StringComparison.Ordinal) != true)
        {
            problems.Add($"{where}: mimeType missing");
        }

        problems.AddRange(RequiredEntrySlots.Where(s => Slot(entry, s).Count == 0).Select(s => $"{where}: slot {s} missing"));
        foreach (var time in new[] { "creationTime", "serviceStartTime", "serviceStopTime" })
        {
            if (Slot(entry, time) is [var value] && Hl7V2.ParseDtm(value) is null)
            {
                problems.Add($"{where}: slot {time} '{value}' is not a DTM (YYYY[MM[DD[hh[mm[ss]]]]])");
            }
        }

        if (SingleSlot(entry, "hash") is { } hash && (hash.Length != 40 || !hash.All(Uri.IsHexDigit)))
        {
            problems.Add($"{where}: slot hash is not a SHA-1 in hex");
        }

        if (SingleSlot(entry, "size") is { } size && !long.TryParse(size, out _))
        {
            problems.Add($"{where}: slot size is not a number");
        }

        if (Hl7V2.ParseCx(SingleSlot(entry, "sourcePatientId")) is null && Slot(entry, "sourcePatientId").Count > 0)
        {
            problems.Add($"{where}: slot sourcePatientId is not a CX (id^^^&oid&ISO)");
        }

        if (string.IsNullOrWhiteSpace(Name(entry)))
        {
            problems.Add($"{where}: no title (Name)");
        }

        CheckAuthors(Classifications(entry, XdsIdentifiers.DocumentEntry.Author).ToList(), id, where, problems);
        foreach (var (scheme, name) in RequiredEntryCodes)
        {
            CheckCodes(entry, id, scheme, name, where, single: true, problems);
        }

        CheckCodes(entry, id, XdsIdentifiers.DocumentEntry.ConfidentialityCode, "confidentialityCode", where, single: false, problems);
        var entryPatient = CheckIdentifier(entry, id, XdsIdentifiers.DocumentEntry.PatientId, "XDSDocumentEntry.patientId", where, problems, v => Hl7V2.ParseCx(v) is not null);
        CheckIdentifier(entry, id, XdsIdentifiers.DocumentEntry.UniqueId, "XDSDocumentEntry.uniqueId", where, problems, v => v.Length is > 0 and <= 128);
        if (entryPatient is not null && patientId is not null && entryPatient != patientId)
        {
            problems.Add($"{where}: patientId '{entryPatient}' differs from the submission set's '{patientId}'");
        }
    }

    private static void CheckAuthors(List<XElement> authors, string classified, string where, List<string> problems)
    {
        if (authors.Count == 0)
        {
            problems.Add($"{where}: no author classification");
        }

        foreach (var author in authors)
        {
            if ((string?)author.Attribute("classifiedObject") != classified)
            {
                problems.Add($"{where}: an author classification is not attached to it");
            }

            if (Slot(author, "authorPerson").Count == 0 && Slot(author, "authorInstitution").Count == 0)
            {
                problems.Add($"{where}: an author has neither authorPerson nor authorInstitution");
            }
        }
    }

    private static void CheckCodes(XElement owner, string classified, string scheme, string name, string where, bool single, List<string> problems)
    {
        var codes = Classifications(owner, scheme).ToList();
        if (codes.Count == 0 || (single && codes.Count > 1))
        {
            problems.Add($"{where}: {codes.Count} {name} classification(s); {(single ? "one" : "at least one")} expected");
        }

        foreach (var code in codes)
        {
            if (Code(code) is null)
            {
                problems.Add($"{where}: a {name} has no code (nodeRepresentation) or no codingScheme slot");
            }

            if ((string?)code.Attribute("classifiedObject") != classified)
            {
                problems.Add($"{where}: a {name} is not attached to it (classifiedObject)");
            }
        }
    }

    private static string? CheckIdentifier(XElement owner, string registryObject, string scheme, string name, string where, List<string> problems, Func<string, bool> valid)
    {
        var identifiers = ExternalIdentifiers(owner, scheme).ToList();
        if (identifiers.Count != 1)
        {
            problems.Add($"{where}: {identifiers.Count} {name} external identifier(s); one expected");
            return null;
        }

        var value = (string?)identifiers[0].Attribute("value") ?? string.Empty;
        if ((string?)identifiers[0].Attribute("registryObject") != registryObject)
        {
            problems.Add($"{where}: {name} is not attached to it (registryObject)");
        }

        if (Name(identifiers[0]) != name)
        {
            problems.Add($"{where}: the external identifier {scheme} is not named {name}");
        }

        if (!valid(value))
        {
            problems.Add($"{where}: {name} '{value}' is malformed");
        }

        return value;
    }

    /// <summary>True for an OID (digits and dots, no leading zero in an arc).</summary>
    public static bool IsOid(string value) =>
        value.Length is > 0 and <= 64 && value.Split('.') is { Length: >= 2 } arcs && arcs.All(a => a.Length > 0 && a.All(char.IsAsciiDigit) && (a.Length == 1 || a[0] != '0'));
}
