using System.Globalization;
using System.Xml.Linq;
using static EsmsDui.Connectors.Documents.Xds.EbRim;

namespace EsmsDui.Connectors.Documents.Xds;

/// <summary>
/// A DocumentEntry as a registry answers it to a stored query (ITI-18): its registry ids (entryUUID, logicalId,
/// version, availability status, repository) beside the document's own metadata, and the ExtrinsicObject itself
/// (a metadata update, ITI-57, resubmits it changed).
/// </summary>
/// <param name="EntryUuid">The entry's id (changes with each metadata version).</param>
/// <param name="LogicalId">The id shared by the entry's versions (lid).</param>
/// <param name="Version">The metadata version (VersionInfo/@versionName).</param>
/// <param name="Status">The availability status URN (Approved, Deprecated, or the DMP's Archived, Deleted).</param>
/// <param name="UniqueId">The document's uniqueId.</param>
/// <param name="PatientId">The patientId (CX).</param>
/// <param name="MimeType">The MIME type.</param>
/// <param name="Hash">SHA-1, when given.</param>
/// <param name="Size">Size, when given.</param>
/// <param name="RepositoryUniqueId">The repository that holds the document (to retrieve it, ITI-43).</param>
/// <param name="Title">Its title.</param>
/// <param name="Type">typeCode.</param>
/// <param name="Confidentiality">confidentialityCode values (with the DMP's visibility codes).</param>
/// <param name="CreationTime">creationTime.</param>
/// <param name="ServiceStartTime">serviceStartTime.</param>
/// <param name="Metadata">The ExtrinsicObject as the registry gave it.</param>
public sealed record XdsRegistryEntry(
    string EntryUuid,
    string LogicalId,
    string Version,
    string Status,
    string UniqueId,
    string PatientId,
    string MimeType,
    string? Hash,
    long? Size,
    string? RepositoryUniqueId,
    string? Title,
    XdsCode? Type,
    IReadOnlyList<XdsCode> Confidentiality,
    DateTimeOffset? CreationTime,
    DateTimeOffset? ServiceStartTime,
    XElement Metadata)
{
    /// <summary>The entry an ExtrinsicObject of a registry answer describes; <see cref="DocumentFormatException"/> when it lacks its ids.</summary>
    public static XdsRegistryEntry Read(XElement extrinsicObject)
    {
        ArgumentNullException.ThrowIfNull(extrinsicObject);
        var id = (string?)extrinsicObject.Attribute("id");
        var uniqueId = ExternalIdentifiers(extrinsicObject, XdsIdentifiers.DocumentEntry.UniqueId).Select(e => (string?)e.Attribute("value")).FirstOrDefault();
        var patientId = ExternalIdentifiers(extrinsicObject, XdsIdentifiers.DocumentEntry.PatientId).Select(e => (string?)e.Attribute("value")).FirstOrDefault();
        if (id is null || uniqueId is null || patientId is null)
        {
            throw new DocumentFormatException("A DocumentEntry of the registry's answer lacks its id, uniqueId or patientId.");
        }

        return new XdsRegistryEntry(
            id,
            (string?)extrinsicObject.Attribute("lid") ?? id,
            (string?)extrinsicObject.Element(Rim + "VersionInfo")?.Attribute("versionName") ?? "1",
            (string?)extrinsicObject.Attribute("status") ?? string.Empty,
            uniqueId,
            patientId,
            (string?)extrinsicObject.Attribute("mimeType") ?? "application/octet-stream",
            SingleSlot(extrinsicObject, "hash"),
            long.TryParse(SingleSlot(extrinsicObject, "size"), NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : null,
            SingleSlot(extrinsicObject, "repositoryUniqueId"),
            Name(extrinsicObject),
            Classifications(extrinsicObject, XdsIdentifiers.DocumentEntry.TypeCode).Select(Code).FirstOrDefault(),
            [.. Classifications(extrinsicObject, XdsIdentifiers.DocumentEntry.ConfidentialityCode).Select(Code).OfType<XdsCode>()],
            Hl7V2.ParseDtm(SingleSlot(extrinsicObject, "creationTime")),
            Hl7V2.ParseDtm(SingleSlot(extrinsicObject, "serviceStartTime")),
            new XElement(extrinsicObject));
    }
}
