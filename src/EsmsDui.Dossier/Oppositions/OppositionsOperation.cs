using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Operations;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Resources;
using Hl7.Fhir.Model;

namespace EsmsDui.Dossier.Oppositions;

/// <summary>
/// <c>Patient/[id]/$oppositions</c>: whether the usager opposes feeding the DMP and sending by MSSanté, with the
/// Consent that records each opposition: what staff and connectors check before sending.
/// </summary>
public sealed class OppositionsOperation(IFhirEngine engine, UsagerOppositions oppositions) : IFhirOperationHandler
{
    /// <summary>Where the operation answers.</summary>
    public static FhirOperationRoute Route { get; } = new(
        "oppositions", "Patient", "https://esmsdui.org/fhir/OperationDefinition/Patient-oppositions",
        TypeLevel: false, InstanceLevel: true, AffectsState: false, typeof(OppositionsOperation));

    /// <inheritdoc />
    public async Task<FhirResponse> RunAsync(OperationRequest request, string type, string? id, WriteSession? session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        await engine.ReadAsync(type, id, session, cancellationToken);
        var answer = new Parameters();
        foreach (var channel in Enum.GetValues<OppositionChannel>())
        {
            var consent = await oppositions.FindAsync(id, channel, cancellationToken);
            answer.Parameter.Add(new Parameters.ParameterComponent
            {
                Name = "opposition",
                Part =
                [
                    new() { Name = "channel", Value = new Coding(UsagerOppositions.System, UsagerOppositions.Code(channel), UsagerOppositions.Display(channel)) },
                    new() { Name = "opposed", Value = new FhirBoolean(consent is not null) },
                    .. consent is null ? [] : new[] { new Parameters.ParameterComponent { Name = "consent", Value = new ResourceReference($"Consent/{consent.Id}") } },
                ],
            });
        }

        return FhirResponse.Ok(answer);
    }
}
