using System.Xml.Linq;
using EsmsDui.Connectors.Documents;
using EsmsDui.Connectors.Documents.Xds;

namespace EsmsDui.Connectors.Dmp.Xds;

/// <summary>
/// IHE ITI-18 Registry Stored Query (the DMP's TD3.1): FindDocuments on a usager's DMP by availability status, and
/// GetDocuments by uniqueId (what settles an in-doubt submission), answered as LeafClass DocumentEntries.
/// </summary>
public static class StoredQuery
{
    /// <summary>The ebRS query namespace.</summary>
    public static readonly XNamespace Query = "urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0";

    /// <summary>The SOAP action.</summary>
    public const string Action = "urn:ihe:iti:2007:RegistryStoredQuery";

    /// <summary>The FindDocuments stored query.</summary>
    public const string FindDocumentsId = "urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d";

    /// <summary>The GetDocuments stored query.</summary>
    public const string GetDocumentsId = "urn:uuid:5c4f972b-d56b-40ac-a5fc-c8ca9b40b9d4";

    /// <summary>Approved: the current documents.</summary>
    public const string Approved = "urn:oasis:names:tc:ebxml-regrep:StatusType:Approved";

    /// <summary>Deprecated: replaced documents.</summary>
    public const string Deprecated = "urn:oasis:names:tc:ebxml-regrep:StatusType:Deprecated";

    /// <summary>Archived (DMP, CI-SIS status type).</summary>
    public const string Archived = "urn:asip:ci-sis:2010:StatusType:Archived";

    /// <summary>Deleted (DMP, CI-SIS status type).</summary>
    public const string Deleted = "urn:asip:ci-sis:2010:StatusType:Deleted";

    private static readonly XNamespace Rim = XdsIdentifiers.Rim;

    /// <summary>FindDocuments on <paramref name="patientId"/> (CX) for entries in <paramref name="statuses"/>.</summary>
    public static XElement FindDocuments(string patientId, IReadOnlyList<string> statuses) =>
        Request(FindDocumentsId, ("$XDSDocumentEntryPatientId", Quoted(patientId)), ("$XDSDocumentEntryStatus", $"({string.Join(",", statuses.Select(Quoted))})"));

    /// <summary>GetDocuments for the entries of these uniqueIds.</summary>
    public static XElement GetDocuments(IReadOnlyList<string> uniqueIds) =>
        Request(GetDocumentsId, ("$XDSDocumentEntryUniqueId", $"({string.Join(",", uniqueIds.Select(Quoted))})"));

    /// <summary>The DocumentEntries of an AdhocQueryResponse; <see cref="DocumentFormatException"/> when it is none.</summary>
    public static (RegistryResponse Status, IReadOnlyList<XdsRegistryEntry> Entries) Read(XElement? body)
    {
        if (body?.Name != Query + "AdhocQueryResponse")
        {
            throw new DocumentFormatException("The registry answered the stored query without an AdhocQueryResponse.");
        }

        var errors = body.Element(RegistryResponse.Rs + "RegistryErrorList")?.Elements(RegistryResponse.Rs + "RegistryError")
            .Select(e => new RegistryError((string?)e.Attribute("errorCode") ?? string.Empty, (string?)e.Attribute("codeContext") ?? string.Empty, (string?)e.Attribute("severity") ?? string.Empty, (string?)e.Attribute("location")))
            .ToList() ?? [];
        var entries = body.Element(Rim + "RegistryObjectList")?.Elements(Rim + "ExtrinsicObject").Select(XdsRegistryEntry.Read).ToList() ?? [];
        return (new RegistryResponse((string?)body.Attribute("status") ?? string.Empty, errors), entries);
    }

    private static XElement Request(string queryId, params (string Name, string Value)[] slots) =>
        new(Query + "AdhocQueryRequest",
            new XAttribute(XNamespace.Xmlns + "query", Query),
            new XAttribute(XNamespace.Xmlns + "rim", Rim),
            new XElement(Query + "ResponseOption", new XAttribute("returnComposedObjects", "true"), new XAttribute("returnType", "LeafClass")),
            new XElement(Rim + "AdhocQuery", new XAttribute("id", queryId),
                slots.Select(s => new XElement(Rim + "Slot", new XAttribute("name", s.Name), new XElement(Rim + "ValueList", new XElement(Rim + "Value", s.Value))))));

    private static string Quoted(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
