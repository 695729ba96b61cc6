using EsmsDui.Connectors.Dmp.Vihf;
using EsmsDui.Connectors.Documents.Xds;
using EsmsDui.Connectors.Records;

namespace EsmsDui.Connectors.Dmp.Feeding;

/// <summary>The VIHF of an automated feeding: the establishment that holds the document, the responsible person, the usager's INS.</summary>
public static class DmpVihf
{
    /// <summary>The VIHF context of sending <paramref name="outgoing"/> of <paramref name="document"/>.</summary>
    public static VihfContext Of(RecordDocument document, OutgoingDocument outgoing, DmpOptions options)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(outgoing);
        ArgumentNullException.ThrowIfNull(options);
        var role = options.ResponsibleRole.Split('^');
        return new VihfContext(
            RecordDocumentReader.IdNatStructOf(document.Custodian)!,
            OutgoingDocument.Facility(document.Custodian),
            options.ResponsibleId.Length > 0 ? options.ResponsibleId : options.LpsName,
            options.ResponsibleName.Length > 0 ? options.ResponsibleName : options.LpsName,
            [new XdsCode(role[0], role.ElementAtOrDefault(1) ?? "1.2.250.1.213.1.1.4.6", role.ElementAtOrDefault(2) ?? role[0])],
            outgoing.PatientId,
            options.LpsName,
            options.LpsVersion,
            options.LpsHomologationId);
    }
}
