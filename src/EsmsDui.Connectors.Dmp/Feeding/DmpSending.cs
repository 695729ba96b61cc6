using EsmsDui.Connectors.Records;
using Hl7.Fhir.Model;

namespace EsmsDui.Connectors.Dmp.Feeding;

/// <summary>
/// A feeding of the DMP as the FHIR <c>Communication</c> that records it (ADR 0007): the document version's uniqueId
/// as identifier, the attempts, claim and last error (<see cref="ConnectorSending"/>), and once registered the
/// entryUUID the DMP gave it.
/// </summary>
public static class DmpSending
{
    /// <summary>The identifier system of the uniqueId of the document version sent.</summary>
    public const string UniqueIdSystem = "https://esmsdui.org/fhir/sid/dmp-document-unique-id";

    /// <summary>The entryUUID the DMP gave the registered document (valueString).</summary>
    public const string EntryUuidExtension = "https://esmsdui.org/fhir/StructureDefinition/dmp-entry-uuid";

    /// <summary>The category code of DMP sendings.</summary>
    public const string Code = "dmp";

    /// <summary>The criteria of the sendings a worker still has to deliver.</summary>
    public const string PendingCriteria = $"status=preparation,in-progress&identifier={UniqueIdSystem}|&_sort=_lastUpdated";

    /// <summary>The uniqueId of the document version a sending carries.</summary>
    public static string? UniqueId(Communication sending) => sending?.Identifier.FirstOrDefault(i => i.System == UniqueIdSystem)?.Value;

    /// <summary>The document version a sending carries (DocumentReference id and version).</summary>
    public static (string Id, int Version)? Document(Communication sending)
    {
        var reference = sending?.Payload.Select(p => p.Content).OfType<ResourceReference>().FirstOrDefault()?.Reference ?? string.Empty;
        return reference.Split('/') is ["DocumentReference", var id, "_history", var version] && int.TryParse(version, out var number) ? (id, number) : null;
    }
}
