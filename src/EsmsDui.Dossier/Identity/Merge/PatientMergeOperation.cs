using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Operations;
using EsmsDui.Fhir.Primitives;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Serialization;
using Hl7.Fhir.Model;

namespace EsmsDui.Dossier.Identity.Merge;

/// <summary>
/// <c>POST Patient/$merge</c> (the FHIR Patient-merge operation): the record of a duplicate (<c>source-patient</c>)
/// moves to the usager kept (<c>target-patient</c>): every resource of the source's compartment gets a new version
/// that points to the target, the source becomes inactive and <c>replaced-by</c> the target, the target
/// <c>replaces</c> it, and a Provenance records the merge; all in one transaction, every earlier version kept in the
/// history. <c>preview=true</c> answers what would change and writes nothing.
/// </summary>
public sealed class PatientMergeOperation(IFhirEngine engine, FhirSerializer serializer, TimeProvider clock) : IFhirOperationHandler
{
    /// <summary>The most resources one merge moves.</summary>
    public const int MaxMoved = 5000;

    /// <summary>Where the operation answers.</summary>
    public static FhirOperationRoute Route { get; } = new(
        "merge", "Patient", "http://hl7.org/fhir/OperationDefinition/Patient-merge",
        TypeLevel: true, InstanceLevel: false, AffectsState: true, typeof(PatientMergeOperation));

    /// <inheritdoc />
    public async Task<FhirResponse> RunAsync(OperationRequest request, string type, string? id, WriteSession? session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var input = request.Body as Parameters
            ?? throw new FhirException(FhirErrorKind.Invalid, "$merge takes a Parameters body with source-patient and target-patient.", OperationOutcome.IssueType.Required);
        var sourceId = PatientId(input, "source-patient");
        var targetId = PatientId(input, "target-patient");
        if (sourceId == targetId)
        {
            throw new FhirException(FhirErrorKind.Unprocessable, "A usager cannot be merged into himself.", OperationOutcome.IssueType.BusinessRule);
        }

        // Both usagers must be within the caller's reach, a preview too: it tells what the records hold.
        await engine.EnsureVisibleAsync("Patient", sourceId, cancellationToken);
        await engine.EnsureVisibleAsync("Patient", targetId, cancellationToken);
        var source = await ReadAsync(sourceId, session, cancellationToken);
        var target = await ReadAsync(targetId, session, cancellationToken);
        EnsureMergeable(source, target);

        var moved = new List<Resource>();
        foreach (var stored in await engine.CompartmentAsync("Patient", sourceId, MaxMoved, cancellationToken))
        {
            // The audit trail says what happened to the source: it is not rewritten (and cannot be).
            if (stored.ResourceType is "Patient" or "AuditEvent")
            {
                continue;
            }

            var resource = serializer.ParseJson(stored.Json.Span);
            var references = ResourceReferences.Of(resource).Where(r => ResourceReferences.Target(r.Reference) == ("Patient", sourceId)).ToList();
            foreach (var reference in references)
            {
                reference.Reference = $"Patient/{targetId}";
            }

            if (references.Count > 0)
            {
                moved.Add(resource);
            }
        }

        source.Active = false;
        source.Link.Add(new Patient.LinkComponent { Other = new ResourceReference($"Patient/{targetId}"), Type = Patient.LinkType.ReplacedBy });
        target.Link.Add(new Patient.LinkComponent { Other = new ResourceReference($"Patient/{sourceId}"), Type = Patient.LinkType.Replaces });
        var preview = request.Input.Text("preview") == "true";
        if (!preview)
        {
            var owned = session ?? new WriteSession(isTransaction: true);
            foreach (var resource in moved.Append(source))
            {
                await engine.UpdateAsync(resource.TypeName, resource.Id!, resource, null, owned, cancellationToken);
            }

            target = (Patient)(await engine.UpdateAsync("Patient", targetId, target, null, owned, cancellationToken)).Resource;
            await engine.CreateAsync(Record(sourceId, targetId, moved.Count), owned, cancellationToken);
            if (session is null)
            {
                await engine.CommitAsync(owned, underIfMatch: false, cancellationToken);
            }
        }

        var answer = new Parameters();
        answer.Parameter.Add(new Parameters.ParameterComponent { Name = "input", Resource = input });
        answer.Parameter.Add(new Parameters.ParameterComponent
        {
            Name = "outcome",
            Resource = new OperationOutcome
            {
                Issue = [FhirException.Issue(OperationOutcome.IssueSeverity.Information, OperationOutcome.IssueType.Informational,
                    $"{(preview ? "Would move" : "Moved")} {moved.Count} resource(s) of Patient/{sourceId} to Patient/{targetId}; Patient/{sourceId} {(preview ? "would be" : "is")} inactive and replaced by Patient/{targetId}.")],
            },
        });
        answer.Parameter.Add(new Parameters.ParameterComponent { Name = "result", Resource = target });
        return FhirResponse.Ok(answer);
    }

    // Two records of one person: not two different INS, and not a record already merged.
    private static void EnsureMergeable(Patient source, Patient target)
    {
        if (source.Link.Exists(l => l.Type == Patient.LinkType.ReplacedBy))
        {
            throw new FhirException(FhirErrorKind.Unprocessable, $"Patient/{source.Id} was already merged (it is replaced by another usager).", OperationOutcome.IssueType.BusinessRule);
        }

        var sourceIns = UsagerIdentity.InsIdentifiers(source).Select(i => i.Value).ToHashSet();
        var targetIns = UsagerIdentity.InsIdentifiers(target).Select(i => i.Value).ToHashSet();
        if (sourceIns.Count > 0 && targetIns.Count > 0 && !sourceIns.Overlaps(targetIns))
        {
            throw new FhirException(FhirErrorKind.Unprocessable, "The two usagers have different INS: they are two people, not duplicates.", OperationOutcome.IssueType.BusinessRule);
        }
    }

    private async Task<Patient> ReadAsync(string id, WriteSession? session, CancellationToken cancellationToken) =>
        (Patient)serializer.ParseJson((await engine.ReadAsync("Patient", id, session, cancellationToken)).Json.Span);

    private static string PatientId(Parameters input, string name)
    {
        var value = input.Parameter.FirstOrDefault(p => p.Name == name)?.Value;
        var reference = value switch
        {
            ResourceReference r => r.Reference,
            Identifier => throw new FhirException(FhirErrorKind.Invalid, $"{name} is given by reference (Patient/[id]) on this server.", OperationOutcome.IssueType.NotSupported),
            _ => null,
        };
        return ResourceReferences.Target(reference) is ("Patient", var id)
            ? id
            : throw new FhirException(FhirErrorKind.Invalid, $"$merge needs {name} as a reference Patient/[id].", OperationOutcome.IssueType.Required);
    }

    private Provenance Record(string sourceId, string targetId, int moved) => new()
    {
        Target = [new ResourceReference($"Patient/{targetId}"), new ResourceReference($"Patient/{sourceId}")],
        Recorded = clock.GetUtcNow(),
        Activity = new CodeableConcept
        {
            Coding = [new Coding("http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle", "merge", "Merge Record Lifecycle Event")],
            Text = $"Fusion de doublons : {moved} ressource(s) déplacée(s)",
        },
        Agent = [new Provenance.AgentComponent { Who = new ResourceReference { Display = "EsmsDui ($merge)" } }],
    };
}
