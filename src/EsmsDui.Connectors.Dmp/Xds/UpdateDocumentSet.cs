using System.Xml.Linq;
using EsmsDui.Connectors.Documents.Xds;

namespace EsmsDui.Connectors.Dmp.Xds;

/// <summary>
/// IHE ITI-57 Update Document Set (the DMP's TD3.3): a submission set that either changes a DocumentEntry's
/// availability status (UpdateAvailabilityStatus association: archive, delete) or registers a new version of its
/// metadata with a visibility code added to its confidentialityCode (mask from professionals, hide from the usager
/// or his legal representatives), the previous version named.
/// </summary>
public static class UpdateDocumentSet
{
    /// <summary>The SOAP action.</summary>
    public const string Action = "urn:ihe:iti:2010:UpdateDocumentSet";

    /// <summary>The association type of a status change.</summary>
    public const string UpdateAvailabilityStatus = "urn:ihe:iti:2010:AssociationType:UpdateAvailabilityStatus";

    /// <summary>The code system of the DMP's visibility codes (TRE_A07-StatutVisibiliteDocument).</summary>
    public const string VisibilitySystem = "1.2.250.1.213.1.1.4.13";

    private static readonly XNamespace Rim = XdsIdentifiers.Rim;

    /// <summary>The visibility code an action adds, or null for a status change.</summary>
    public static XdsCode? VisibilityOf(DmpDocumentAction action) => action switch
    {
        DmpDocumentAction.MaskFromProfessionals => new XdsCode("MASQUE_PS", VisibilitySystem, "Masqué aux professionnels de santé"),
        DmpDocumentAction.HideFromUsager => new XdsCode("INVISIBLE_PATIENT", VisibilitySystem, "Non visible par le patient"),
        DmpDocumentAction.HideFromLegalRepresentatives => new XdsCode("INVISIBLE_REP_LEGAUX", VisibilitySystem, "Non visible par les représentants légaux"),
        _ => null,
    };

    /// <summary>The status an action sets, or null for a metadata change.</summary>
    public static string? StatusOf(DmpDocumentAction action) => action switch
    {
        DmpDocumentAction.Archive => StoredQuery.Archived,
        DmpDocumentAction.Delete => StoredQuery.Deleted,
        _ => null,
    };

    /// <summary>The SubmitObjectsRequest doing <paramref name="action"/> on <paramref name="entry"/>, in the submission set <paramref name="header"/> (no documents).</summary>
    public static XDocument Write(XdsSubmissionSet header, XdsRegistryEntry entry, DmpDocumentAction action)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(entry);
        var request = EbRimWriter.Write(header with { Documents = [], Replaces = null });
        var list = request.Root!.Element(Rim + "RegistryObjectList")!;
        if (StatusOf(action) is { } status)
        {
            list.Add(Association(UpdateAvailabilityStatus, header.EntryUuid, entry.EntryUuid, ("OriginalStatus", entry.Status), ("NewStatus", status)));
            return request;
        }

        var code = VisibilityOf(action)!;
        var version = NewVersion(entry, code);
        list.AddFirst(version);
        list.Add(Association(XdsIdentifiers.HasMember, header.EntryUuid, (string)version.Attribute("id")!, ("SubmissionSetStatus", "Original"), ("PreviousVersion", entry.Version)));
        return request;
    }

    // The entry's metadata under a new id and the same lid, with the visibility code among its confidentiality codes.
    private static XElement NewVersion(XdsRegistryEntry entry, XdsCode code)
    {
        var id = "urn:uuid:" + Guid.NewGuid();
        var version = new XElement(entry.Metadata);
        version.SetAttributeValue("id", id);
        version.SetAttributeValue("lid", entry.LogicalId);
        version.SetAttributeValue("status", null);
        version.Element(Rim + "VersionInfo")?.Remove();
        foreach (var child in version.Elements())
        {
            foreach (var attribute in new[] { "classifiedObject", "registryObject" })
            {
                if ((string?)child.Attribute(attribute) == entry.EntryUuid)
                {
                    child.SetAttributeValue(attribute, id);
                }
            }
        }

        if (!entry.Confidentiality.Any(c => c.Code == code.Code && c.Scheme == code.Scheme))
        {
            var classification = new XElement(Rim + "Classification",
                    new XAttribute("id", "urn:uuid:" + Guid.NewGuid()),
                    new XAttribute("objectType", XdsIdentifiers.ClassificationType),
                    new XAttribute("classificationScheme", XdsIdentifiers.DocumentEntry.ConfidentialityCode),
                    new XAttribute("classifiedObject", id),
                    new XAttribute("nodeRepresentation", code.Code),
                    new XElement(Rim + "Slot", new XAttribute("name", "codingScheme"), new XElement(Rim + "ValueList", new XElement(Rim + "Value", code.Scheme))),
                    new XElement(Rim + "Name", new XElement(Rim + "LocalizedString", new XAttribute("value", code.Display))));
            var last = version.Elements(Rim + "Classification").LastOrDefault(c => (string?)c.Attribute("classificationScheme") == XdsIdentifiers.DocumentEntry.ConfidentialityCode);
            if (last is null)
            {
                version.Add(classification);
            }
            else
            {
                last.AddAfterSelf(classification);
            }
        }

        return version;
    }

    private static XElement Association(string type, string source, string target, params (string Name, string Value)[] slots) =>
        new(Rim + "Association",
            new XAttribute("id", "urn:uuid:" + Guid.NewGuid()),
            new XAttribute("objectType", XdsIdentifiers.AssociationType),
            new XAttribute("associationType", type),
            new XAttribute("sourceObject", source),
            new XAttribute("targetObject", target),
            slots.Select(s => new XElement(Rim + "Slot", new XAttribute("name", s.Name), new XElement(Rim + "ValueList", new XElement(Rim + "Value", s.Value)))));
}
