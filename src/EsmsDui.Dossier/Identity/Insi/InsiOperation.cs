using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Operations;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Serialization;
using Hl7.Fhir.Model;

namespace EsmsDui.Dossier.Identity.Insi;

/// <summary>
/// <c>POST Patient/[id]/$insi</c>: asks the INSi teleservice for the usager's INS with his strict traits and answers
/// what it found. With <c>record=true</c> and one identity found, the INS and the INS traits replace the local
/// ones (as the RNIV requires), the status moves on (provisoire → récupérée, validée → qualifiée) and a Provenance
/// records the interrogation, all in one transaction.
/// </summary>
public sealed class InsiOperation(IFhirEngine engine, IInsiService insi, FhirSerializer serializer, TimeProvider clock) : IFhirOperationHandler
{
    /// <summary>Where the operation answers.</summary>
    public static FhirOperationRoute Route { get; } = new(
        "insi", "Patient", "https://esmsdui.org/fhir/OperationDefinition/Patient-insi",
        TypeLevel: false, InstanceLevel: true, AffectsState: true, typeof(InsiOperation));

    /// <inheritdoc />
    public async Task<FhirResponse> RunAsync(OperationRequest request, string type, string? id, WriteSession? session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(id);
        var stored = await engine.ReadAsync(type, id, session, cancellationToken);
        var patient = (Patient)serializer.ParseJson(stored.Json.Span);
        var record = request.Input.Text("record") switch
        {
            null or "false" => false,
            "true" => true,
            var other => throw new FhirException(FhirErrorKind.Invalid, $"record is true or false, not '{other}'.", OperationOutcome.IssueType.Value),
        };

        var answer = await insi.SearchAsync(InsiTraitsOfPatient.Of(patient), cancellationToken);
        var result = new Parameters();
        result.Add("code", new Code(answer.Code));
        result.Add("label", new FhirString(answer.Label));
        if (answer.Identity is { } identity)
        {
            result.Add("ins", InsIdentifier(identity));
            result.Add("birthName", new FhirString(identity.BirthName));
            result.Add("birthFirstNames", new FhirString(identity.FirstNames));
            result.Add("sex", new Code(identity.Sex));
            result.Add("birthDate", new Date(identity.BirthDate));
            if (identity.BirthPlace is { } place)
            {
                result.Add("birthPlace", new Code(place));
            }
        }

        if (record && answer.Identity is { } found)
        {
            var owned = session ?? new WriteSession(isTransaction: true);
            var updated = await engine.UpdateAsync(type, id, Recovered(patient, found), null, owned, cancellationToken);
            await engine.CreateAsync(Interrogation(id, updated.Stored.VersionId, answer), owned, cancellationToken);
            if (session is null)
            {
                await engine.CommitAsync(owned, underIfMatch: false, cancellationToken);
            }

            result.Parameter.Add(new Parameters.ParameterComponent { Name = "patient", Resource = updated.Resource });
        }

        return FhirResponse.Ok(result);
    }

    private static Identifier InsIdentifier(InsiIdentity identity)
    {
        var system = "urn:oid:" + identity.Oid;
        var nia = system == InsSystems.Nia;
        return new Identifier(system, identity.Matricule)
        {
            Use = nia ? Identifier.IdentifierUse.Temp : Identifier.IdentifierUse.Official,
            Type = new CodeableConcept { Coding = [new Coding("https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203", nia ? "INS-NIA" : "INS-NIR")] },
        };
    }

    // The INS and the INS traits replace the local ones; the status moves on in the RNIV encoding.
    private static Patient Recovered(Patient patient, InsiIdentity identity)
    {
        var copy = (Patient)patient.DeepCopy();
        copy.Identifier.RemoveAll(UsagerIdentity.IsIns);
        copy.Identifier.Add(InsIdentifier(identity));
        var official = copy.Name.FirstOrDefault(n => n.Use == HumanName.NameUse.Official);
        if (official is null)
        {
            official = new HumanName { Use = HumanName.NameUse.Official };
            copy.Name.Insert(0, official);
        }

        official.Family = identity.BirthName;
        official.Given = [identity.FirstNames.Split(' ')[0]];
        official.SetStringExtension(InsiTraitsOfPatient.BirthListGivenName, identity.FirstNames);
        copy.Gender = identity.Sex == "F" ? AdministrativeGender.Female : AdministrativeGender.Male;
        copy.BirthDate = identity.BirthDate;
        if (identity.BirthPlace is { } place)
        {
            copy.SetExtension(InsiTraitsOfPatient.BirthPlace, new Address
            {
                Extension = [new Extension(InsiTraitsOfPatient.InseeCode, new Coding("https://mos.esante.gouv.fr/NOS/TRE_R13-CommuneOM/FHIR/TRE-R13-CommuneOM", place))],
            });
        }

        foreach (var status in copy.Extension.Where(e => e.Url == UsagerIdentity.ReliabilityExtension)
            .SelectMany(e => e.Extension.Where(s => s.Url == "identityStatus")).Select(s => s.Value).OfType<Coding>())
        {
            status.Code = (status.System, status.Code) switch
            {
                (UsagerIdentity.Table0445, _) => status.Code,
                (_, "PROV") => "RECUP",
                (_, "VALI") => "QUAL",
                _ => status.Code,
            };
        }

        return copy;
    }

    // Who asked INSi, when, and the message that got the answer.
    private Provenance Interrogation(string patientId, int version, InsiAnswer answer) => new()
    {
        Target = [new ResourceReference($"Patient/{patientId}/_history/{version}")],
        Recorded = clock.GetUtcNow(),
        Activity = new CodeableConcept { Coding = [new Coding("http://terminology.hl7.org/CodeSystem/v3-DataOperation", "UPDATE", "revise")], Text = "Récupération de l'INS par le téléservice INSi" },
        Agent =
        [
            new Provenance.AgentComponent
            {
                Type = new CodeableConcept { Coding = [new Coding("http://terminology.hl7.org/CodeSystem/provenance-participant-type", "assembler", "Assembler")] },
                Who = new ResourceReference { Display = "Téléservice INSi (Assurance Maladie)" },
            },
        ],
        Entity =
        [
            new Provenance.EntityComponent
            {
                Role = Provenance.ProvenanceEntityRole.Source,
                What = new ResourceReference { Identifier = new Identifier("urn:ietf:rfc:3986", answer.MessageId), Display = $"INSi {answer.Code} {answer.Label}" },
            },
        ],
    };
}
