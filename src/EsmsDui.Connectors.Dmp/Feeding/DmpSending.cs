using EsmsDui.Connectors.Documents.Xds;
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

    /// <summary>The submission set's contentTypeCode.</summary>
    // JDV_J59-ContentTypeCode-DMP has no published code for a medico-social stay; the modality the CI-SIS uses for
    // an accommodation (TRE_R213) is what MSSanté sends too.
    public static readonly XdsCode ContentType = new("11", "1.2.250.1.213.2.2", "Hébergement complet ou internat (non compris internat de semaine)");

    /// <summary>The DMP's availability status of the entry a sending registered, as the last TD3.3 left it (valueCode Approved, Archived, Deleted).</summary>
    public const string AvailabilityExtension = "https://esmsdui.org/fhir/StructureDefinition/dmp-availability";

    /// <summary>A visibility code (TRE_A07) the structure put on the entry a sending registered (valueCoding, repeated).</summary>
    public const string VisibilityExtension = "https://esmsdui.org/fhir/StructureDefinition/dmp-visibility";

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
