using EsmsDui.Connectors.Dmp.Vihf;
using EsmsDui.Connectors.Documents.Xds;
using EsmsDui.Connectors.Records;
using EsmsDui.Dossier.Identity;
using EsmsDui.Fhir.Errors;
using Hl7.Fhir.Model;

namespace EsmsDui.Connectors.Dmp.Feeding;

/// <summary>The VIHF of an automated feeding: the establishment that holds the document, the responsible person, the usager's INS.</summary>
public static class DmpVihf
{
    /// <summary>The VIHF context of sending <paramref name="outgoing"/> of <paramref name="document"/>.</summary>
    public static VihfContext Of(RecordDocument document, OutgoingDocument outgoing, DmpOptions options)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(outgoing);
        return Of(document.Custodian, outgoing.PatientId, options);
    }

    /// <summary>
    /// The VIHF context of a call about the DMP of <paramref name="usager"/> for <paramref name="establishment"/>; the
    /// usager's identity must be qualified (the INS is the DMP's key: 422 otherwise).
    /// </summary>
    public static VihfContext OfUsager(Patient usager, Organization establishment, DmpOptions options)
    {
        ArgumentNullException.ThrowIfNull(usager);
        var ins = UsagerIdentity.MayDiscloseIns(usager) ? UsagerIdentity.InsIdentifiers(usager).FirstOrDefault() : null;
        if (ins?.Value is null)
        {
            throw new FhirException(FhirErrorKind.Unprocessable,
                $"Patient/{usager.Id} has no qualified identity (INS qualifiée): the DMP is reached only with the qualified INS, its key. Qualify the identity (INSi) first.",
                OperationOutcome.IssueType.BusinessRule, "Patient.identifier");
        }

        return Of(establishment, Hl7V2.Ins(ins.Value, ins.System?.Replace("urn:oid:", string.Empty, StringComparison.Ordinal) ?? Hl7V2.InsNirOid), options);
    }

    private static VihfContext Of(Organization structure, string patientId, DmpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var role = options.ResponsibleRole.Split('^');
        return new VihfContext(
            RecordDocumentReader.IdNatStructOf(structure)!,
            OutgoingDocument.Facility(structure),
            options.ResponsibleId.Length > 0 ? options.ResponsibleId : options.LpsName,
            options.ResponsibleName.Length > 0 ? options.ResponsibleName : options.LpsName,
            [new XdsCode(role[0], role.ElementAtOrDefault(1) ?? "1.2.250.1.213.1.1.4.6", role.ElementAtOrDefault(2) ?? role[0])],
            patientId,
            options.LpsName,
            options.LpsVersion,
            options.LpsHomologationId);
    }
}
