using System.Text;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Audit;

/// <summary>
/// An <see cref="AuditRecord"/> as a FHIR R4 AuditEvent (after IHE BALP): type <c>rest</c> and the interaction as
/// subtype, or a user authentication; the caller as requesting agent with its network address; the server as
/// source; each resource concerned as entity (usagers as entity type person), the query of a search as a query
/// entity.
/// </summary>
public static class AuditEventFactory
{
    /// <summary>The identifier system of the clients named as agents.</summary>
    public const string ClientSystem = "https://esmsdui.org/fhir/sid/client";

    /// <summary>The code system of connector actions (AuditEvent.subtype of exports and imports).</summary>
    public const string ConnectorActionSystem = "https://esmsdui.org/fhir/CodeSystem/connector-action";

    private const string Dicom = "http://dicom.nema.org/resources/ontology/DCM";
    private const string EntityType = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    private const string ObjectRole = "http://terminology.hl7.org/CodeSystem/object-role";

    /// <summary>The AuditEvent of a record.</summary>
    public static AuditEvent Build(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var audit = new AuditEvent
        {
            Type = record.Kind switch
            {
                AuditKind.Rest => new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation"),
                AuditKind.Export => new Coding(Dicom, "110106", "Export"),
                AuditKind.Import => new Coding(Dicom, "110107", "Import"),
                _ => new Coding(Dicom, "110114", "User Authentication"),
            },
            Subtype = [Subtype(record)],
            Action = record.Action switch
            {
                "C" => AuditEvent.AuditEventAction.C,
                "U" => AuditEvent.AuditEventAction.U,
                "D" => AuditEvent.AuditEventAction.D,
                "E" => AuditEvent.AuditEventAction.E,
                _ => AuditEvent.AuditEventAction.R,
            },
            Recorded = record.Recorded,
            Outcome = record.Status switch
            {
                < 400 => AuditEvent.AuditEventOutcome.N0,
                < 500 => AuditEvent.AuditEventOutcome.N4,
                _ => AuditEvent.AuditEventOutcome.N8,
            },
            OutcomeDesc = record.Status < 400 ? null : $"{record.Status} {record.OutcomeText}".Trim(),
            Agent =
            [
                new AuditEvent.AgentComponent
                {
                    Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", "information recipient"),
                    Who = record.Client is null
                        ? new ResourceReference { Display = "anonymous" }
                        : new ResourceReference { Identifier = new Identifier(ClientSystem, record.Client), Display = record.Client },
                    Requestor = true,
                    Network = record.Address is null ? null : new AuditEvent.NetworkComponent { Address = record.Address, Type = AuditEvent.AuditEventAgentNetworkType.N2 },
                },
            ],
            Source = new AuditEvent.SourceComponent
            {
                Site = record.Tenant.Length == 0 ? null : record.Tenant,
                Observer = new ResourceReference { Display = "EsmsDui" },
                Type = [new Coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server")],
            },
        };
        foreach (var reference in record.Entities)
        {
            var patient = reference.StartsWith("Patient/", StringComparison.Ordinal);
            audit.Entity.Add(new AuditEvent.EntityComponent
            {
                What = new ResourceReference(reference),
                Type = patient ? new Coding(EntityType, "1", "Person") : new Coding(EntityType, "2", "System Object"),
                Role = patient ? new Coding(ObjectRole, "1", "Patient") : new Coding(ObjectRole, "4", "Domain Resource"),
            });
        }

        if (record.Query is { Length: > 0 } query)
        {
            audit.Entity.Add(new AuditEvent.EntityComponent
            {
                Type = new Coding(EntityType, "2", "System Object"),
                Role = new Coding(ObjectRole, "24", "Query"),
                Query = Encoding.UTF8.GetBytes(query),
            });
        }

        return audit;
    }

    private static Coding Subtype(AuditRecord record) => record.Kind switch
    {
        AuditKind.Rest => new Coding("http://hl7.org/fhir/restful-interaction", record.Subtype),
        AuditKind.Export or AuditKind.Import => new Coding(ConnectorActionSystem, record.Subtype),
        _ => new Coding(Dicom, "110122", "Login"),
    };
}
