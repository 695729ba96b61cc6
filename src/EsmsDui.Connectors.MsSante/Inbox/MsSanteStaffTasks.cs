using Hl7.Fhir.Model;

namespace EsmsDui.Connectors.MsSante.Inbox;

/// <summary>The Tasks the connector leaves to staff: match a received document's usager, look at a quarantined mail.</summary>
public static class MsSanteStaffTasks
{
    /// <summary>The project's code system of staff tasks (Task.code).</summary>
    public const string System = "https://esmsdui.org/fhir/CodeSystem/staff-task";

    /// <summary>Attach a received document to its usager by hand.</summary>
    public const string MatchUsager = "match-usager";

    /// <summary>Look at a received mail that was quarantined.</summary>
    public const string Quarantine = "mssante-quarantine";

    /// <summary>A task of <paramref name="code"/> with what staff need to know.</summary>
    public static Hl7.Fhir.Model.Task Build(string code, string description, DateTimeOffset now, ResourceReference? focus, IEnumerable<(string Name, DataType Value)> inputs)
    {
        var task = new Hl7.Fhir.Model.Task
        {
            Status = Hl7.Fhir.Model.Task.TaskStatus.Requested,
            Intent = Hl7.Fhir.Model.Task.TaskIntent.Order,
            Priority = RequestPriority.Routine,
            Code = new CodeableConcept(System, code, code == MatchUsager ? "Rattacher un document reçu à un usager" : "Mail MSSanté mis en quarantaine"),
            Description = description,
            Focus = focus,
            AuthoredOnElement = new FhirDateTime(now.ToUniversalTime()),
        };
        foreach (var (name, value) in inputs)
        {
            task.Input.Add(new Hl7.Fhir.Model.Task.ParameterComponent { Type = new CodeableConcept { Text = name }, Value = value });
        }

        return task;
    }
}
