using EsmsDui.Connectors.Records.Dlu;
using EsmsDui.Connectors.Records.Rendering;
using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Operations;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Serialization;
using Hl7.Fhir.Model;

namespace EsmsDui.Connectors.Records.Liaison;

/// <summary>
/// <c>POST Encounter/[id]/$liaison-document</c>: the lettre de liaison of a séjour — at the exit (LOINC 83981-1) or
/// at the entry (88348-8) — rendered from the record as a PDF in a DocumentReference whose context.related is the
/// séjour, versioned like the other rendered documents (a new version replaces the earlier one where it was sent).
/// Inputs: <c>author</c> (a Practitioner or PractitionerRole with an RPPS), <c>direction</c> (<c>entree</c> or
/// <c>sortie</c>; by default <c>sortie</c> for a finished séjour or one with an end, <c>entree</c> otherwise),
/// <c>comment</c> (free text).
/// </summary>
public sealed class LettreDeLiaisonOperation(IFhirEngine engine, FhirSerializer serializer, TimeProvider clock) : IFhirOperationHandler
{
    private const int MaxProjets = 20;

    private static readonly string[] Inputs = ["author", "direction", "comment"];

    /// <summary>Where the operation answers.</summary>
    public static FhirOperationRoute Route { get; } = new(
        "liaison-document", "Encounter", "https://esmsdui.org/fhir/OperationDefinition/Encounter-liaison-document",
        TypeLevel: false, InstanceLevel: true, AffectsState: true, typeof(LettreDeLiaisonOperation));

    /// <inheritdoc />
    public async Task<FhirResponse> RunAsync(OperationRequest request, string type, string? id, WriteSession? session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(id);
        RecordReads.EnsureOnly(request, "$liaison-document", Inputs);
        var sejour = await RecordReads.ReadAsync<Encounter>(engine, serializer, $"Encounter/{id}", session, cancellationToken);
        var (usager, establishment) = await RecordReads.UsagerAsync(engine, serializer, sejour.Subject, $"Encounter/{id}", "Encounter.subject", session, cancellationToken);
        var direction = request.Input.Text("direction") switch
        {
            "sortie" => LiaisonDirection.Sortie,
            "entree" => LiaisonDirection.Entree,
            null => sejour.Status == Encounter.EncounterStatus.Finished || sejour.Period?.End is not null ? LiaisonDirection.Sortie : LiaisonDirection.Entree,
            var other => throw new FhirException(FhirErrorKind.Invalid, $"direction is entree or sortie ('{other}' given).", OperationOutcome.IssueType.CodeInvalid, "direction"),
        };
        var (authorReference, author) = await RecordReads.AuthorAsync(engine, serializer, request, "$liaison-document", session, cancellationToken);
        var doctor = await RecordReads.MedecinTraitantAsync(engine, serializer, usager, session, cancellationToken);
        var record = await new DluRecordReader(engine, serializer).ReadAsync(
            usager, doctor is null ? null : OutgoingDocument.ProfessionalOf(doctor), null, request.Input.Text("comment"), cancellationToken);
        var projets = (await engine.FindReachableAsync("CarePlan", $"subject=Patient/{usager.Id}&status=active", MaxProjets, cancellationToken))
            .Select(s => (CarePlan)serializer.ParseJson(s.Json.Span)).ToList();
        var counterpart = direction == LiaisonDirection.Sortie ? sejour.Hospitalization?.Destination : sejour.Hospitalization?.Origin;
        var letter = new LettreDeLiaison(
            direction, usager, establishment, sejour, await NameAsync(counterpart, session, cancellationToken), record, projets, OutgoingDocument.ProfessionalOf(author));
        var now = clock.GetUtcNow();
        var pdf = LettreDeLiaisonPdf.Render(letter, now);
        var rendered = RenderedDocument.OfPdf(LettreDeLiaison.TypeOf(direction), letter.Title, $"Encounter/{id}", usager, authorReference, sejour.Period, pdf);
        return await RenderedDocuments.SaveAsync(engine, serializer, rendered, now, session, cancellationToken);
    }

    // Where the usager comes from or goes to: the reference's display, else the name of the Organization or Location.
    private async Task<string?> NameAsync(ResourceReference? reference, WriteSession? session, CancellationToken cancellationToken) =>
        reference?.Display ?? reference?.Reference switch
        {
            { } organization when organization.StartsWith("Organization/", StringComparison.Ordinal) =>
                (await RecordReads.ReadAsync<Organization>(engine, serializer, organization, session, cancellationToken)).Name,
            { } location when location.StartsWith("Location/", StringComparison.Ordinal) =>
                (await RecordReads.ReadAsync<Location>(engine, serializer, location, session, cancellationToken)).Name,
            _ => null,
        };
}
