using EsmsDui.Connectors.Documents.Xds;
using Hl7.Fhir.Model;

namespace EsmsDui.Connectors.Dmp.Consultation;

/// <summary>The DMP's ids of a document entry as identifiers of its copy in the record (its uniqueId is the masterIdentifier).</summary>
public static class DmpEntryIdentifiers
{
    /// <summary>The identifier system of the entryUUID of the DMP's current metadata version.</summary>
    public const string EntryUuidSystem = "https://esmsdui.org/fhir/sid/dmp-entry-uuid";

    /// <summary>The identifier system of the logicalId that all metadata versions of a DMP entry share.</summary>
    public const string LogicalIdSystem = "https://esmsdui.org/fhir/sid/dmp-logical-id";

    /// <summary>The entryUUID and logicalId of <paramref name="entry"/>.</summary>
    public static List<Identifier> Of(XdsRegistryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return [new Identifier(EntryUuidSystem, entry.EntryUuid), new Identifier(LogicalIdSystem, entry.LogicalId)];
    }
}
