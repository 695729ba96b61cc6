using System.Globalization;
using EsmsDui.Connectors.Documents.Cda;
using EsmsDui.Connectors.Documents.Cda.Dlu;
using EsmsDui.Connectors.Records.Rendering;
using EsmsDui.Dossier.Evaluations;
using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Serialization;
using Hl7.Fhir.Model;

namespace EsmsDui.Connectors.Records.Dlu;

/// <summary>
/// Reads what the DLU says of a resident from his record, through the engine port (so under the caller's access):
/// contacts, pathologies and antecedents (Condition), allergies, current treatments (MedicationStatement,
/// MedicationRequest), directives anticipées, his state and BMR carriage (Observation), vaccinations, the documents
/// annexed (DocumentReference typed by the DLU checklist), his GIR (latest AGGIR evaluation) and last vital signs.
/// </summary>
public sealed class DluRecordReader(IFhirEngine engine, FhirSerializer serializer)
{
    private const int MaxItems = 200;

    // What the annexed PDFs may weigh together: a DLU travels with the resident, it is not an archive.
    private const long MaxAnnexBytes = 16L * 1024 * 1024;

    private const string Snomed = "http://snomed.info/sct";

    private static readonly (string Code, string Label)[] VitalSigns =
    [
        ("85354-9", "Tension artérielle"), ("8867-4", "Fréquence cardiaque"), ("8310-5", "Température"), ("59408-5", "Saturation en oxygène"),
        ("9279-1", "Fréquence respiratoire"), ("29463-7", "Poids"), ("8302-2", "Taille"), ("2339-0", "Glycémie"),
    ];

    /// <summary>What the record says of <paramref name="usager"/>, with his médecin traitant, preferred hospital and a comment as given.</summary>
    public async Task<DluContent> ReadAsync(Patient usager, CdaProfessional? medecinTraitant, DluEstablishment? hospital, string? comment, CancellationToken cancellationToken)
    {
        var subject = $"Patient/{usager.Id}";
        var contacts = await ContactsAsync(usager, cancellationToken);
        var conditions = (await FindAsync<Condition>("Condition", $"subject={subject}", cancellationToken))
            .Where(c => c.VerificationStatus?.Coding.Any(v => v.Code is "refuted" or "entered-in-error") != true).ToList();
        var observations = await FindAsync<Observation>("Observation", $"subject={subject}&code={string.Join(',', DluVocabulary.State.Select(s => $"{Snomed}|{s.Code}"))}&_sort=-date", cancellationToken);
        var documents = await FindAsync<DocumentReference>("DocumentReference", $"subject={subject}&status=current&_sort=-date", cancellationToken);
        return new DluContent(
            medecinTraitant,
            contacts.FirstOrDefault(c => DluCodings.IsGuardian(c.Relationship)).Contact,
            [.. contacts.Where(c => DluCodings.IsEmergencyContact(c.Relationship)).Select(c => c.Contact)],
            contacts.FirstOrDefault(c => DluCodings.IsPersonneDeConfiance(c.Relationship)).Contact,
            hospital,
            [.. conditions.Where(c => Status(c) is "active" or "recurrence" or "relapse").Select(Problem)],
            [.. conditions.Where(c => Status(c) is "inactive" or "remission" or "resolved").Select(Problem)],
            [.. (await FindAsync<AllergyIntolerance>("AllergyIntolerance", $"patient={subject}", cancellationToken))
                .Where(a => a.ClinicalStatus?.Coding.Any(s => s.Code is "inactive" or "resolved") != true && a.VerificationStatus?.Coding.Any(v => v.Code is "refuted" or "entered-in-error") != true)
                .Select(Allergy)],
            await TreatmentsAsync(subject, cancellationToken),
            await AdvanceDirectivesAsync(subject, documents, cancellationToken),
            [.. DluVocabulary.State.Select(code => (Code: code, Holds: Latest(observations, code.Code)))
                .Where(s => s.Holds is not null).Select(s => (s.Code, s.Holds!.Value))],
            await MultiResistantBacteriaAsync(subject, conditions, cancellationToken),
            [.. (await FindAsync<Immunization>("Immunization", $"patient={subject}&status=completed", cancellationToken))
                .Select(i => new DluVaccination(DluCodings.Words(i.VaccineCode) ?? "Vaccin", DluCodings.Code(i.VaccineCode), DateOf(i.Occurrence as FhirDateTime)))],
            await AttachmentsAsync(documents, cancellationToken),
            [.. await CommentsAsync(subject, cancellationToken), .. comment is { Length: > 0 } ? [comment] : Array.Empty<string>()]);
    }

    private async Task<List<(DluContact Contact, List<CodeableConcept> Relationship)>> ContactsAsync(Patient usager, CancellationToken cancellationToken)
    {
        var contacts = usager.Contact.Where(c => c.Name?.Family is { Length: > 0 }).Select(c => (c.Name!, c.Telecom, c.Relationship)).ToList();
        contacts.AddRange((await FindAsync<RelatedPerson>("RelatedPerson", $"patient=Patient/{usager.Id}", cancellationToken))
            .Where(r => r.Active != false && r.Name.FirstOrDefault()?.Family is { Length: > 0 }).Select(r => (r.Name[0], r.Telecom, r.Relationship)));
        return [.. contacts.Where(c => !DluCodings.IsNotToBeTold(c.Relationship)).Select(c => (
            new DluContact(c.Item1.Family!, c.Item1.Given.FirstOrDefault(), DluCodings.Kinship(c.Relationship), c.Telecom.FirstOrDefault(t => t.System == ContactPoint.ContactPointSystem.Phone)?.Value),
            c.Relationship))];
    }

    private async Task<List<DluTreatment>> TreatmentsAsync(string subject, CancellationToken cancellationToken)
    {
        var treatments = new List<DluTreatment>();
        foreach (var statement in await FindAsync<MedicationStatement>("MedicationStatement", $"subject={subject}&status=active,intended", cancellationToken))
        {
            var period = statement.Effective as Period;
            treatments.Add(await TreatmentAsync(statement.Medication, statement.Dosage.FirstOrDefault(), DateOf(period?.StartElement) ?? DateOf(statement.Effective as FhirDateTime), DateOf(period?.EndElement), cancellationToken));
        }

        foreach (var request in await FindAsync<MedicationRequest>("MedicationRequest", $"subject={subject}&status=active", cancellationToken))
        {
            var bounds = request.DosageInstruction.FirstOrDefault()?.Timing?.Repeat?.Bounds as Period;
            treatments.Add(await TreatmentAsync(request.Medication, request.DosageInstruction.FirstOrDefault(), DateOf(bounds?.StartElement) ?? DateOf(request.AuthoredOnElement), DateOf(bounds?.EndElement), cancellationToken));
        }

        return treatments;
    }

    private async Task<DluTreatment> TreatmentAsync(DataType? medication, Dosage? dosage, DateOnly? start, DateOnly? end, CancellationToken cancellationToken)
    {
        var concept = medication as CodeableConcept;
        if (medication is ResourceReference { Reference: { } reference } && reference.StartsWith("Medication/", StringComparison.Ordinal))
        {
            concept = (await RecordReads.ReadAsync<Medication>(engine, serializer, reference, null, cancellationToken)).Code;
        }

        var words = DluCodings.Words(concept) ?? (medication as ResourceReference)?.Display ?? "Médicament";
        var dose = dosage?.Text ?? (dosage?.DoseAndRate.FirstOrDefault()?.Dose is Quantity quantity ? $"{quantity.Value?.ToString(CultureInfo.InvariantCulture)} {quantity.Unit}".Trim() : null);
        return new DluTreatment(words, DluCodings.Code(concept), dose, start, end);
    }

    // Recorded as an answer (Observation LOINC 42348-3), else known from an active consent or a document of that type.
    private async Task<bool?> AdvanceDirectivesAsync(string subject, List<DocumentReference> documents, CancellationToken cancellationToken)
    {
        var answers = await FindAsync<Observation>("Observation", $"subject={subject}&code=http://loinc.org|42348-3&_sort=-date", cancellationToken);
        if (answers.Select(o => o.Value).OfType<FhirBoolean>().FirstOrDefault() is { Value: { } answered })
        {
            return answered;
        }

        return documents.Any(d => d.Type?.Coding.Any(c => c.System == "http://loinc.org" && c.Code == "42348-3") == true)
            || (await FindAsync<Consent>("Consent", $"patient={subject}&status=active&scope=adr", cancellationToken)).Count > 0
            ? true
            : null;
    }

    private async Task<bool?> MultiResistantBacteriaAsync(string subject, List<Condition> conditions, CancellationToken cancellationToken)
    {
        var bmr = DluVocabulary.MultiResistantBacteria;
        if (conditions.Any(c => Status(c) is "active" or "recurrence" or "relapse" && DluCodings.Has(c.Code, bmr.Scheme, bmr.Code)))
        {
            return true;
        }

        var answers = await FindAsync<Observation>("Observation", $"subject={subject}&code={bmr.Code}&_sort=-date", cancellationToken);
        return answers.Where(o => DluCodings.Has(o.Code, bmr.Scheme, bmr.Code)).Select(o => o.Value).OfType<FhirBoolean>().FirstOrDefault()?.Value;
    }

    // The documents typed by the checklist (TA_ASIP DLU_0xx); the latest AGGIR grid and directives are annexed as theirs.
    private async Task<List<DluAttachment>> AttachmentsAsync(List<DocumentReference> documents, CancellationToken cancellationToken)
    {
        var attachments = new List<DluAttachment>();
        long total = 0;
        foreach (var item in DluVocabulary.Checklist)
        {
            var document = documents.FirstOrDefault(d => DluCodings.Has(d.Type, item.Scheme, item.Code))
                ?? item.Code switch
                {
                    "DLU_009" => documents.FirstOrDefault(d => d.Type?.Coding.Any(c => c.System == "http://loinc.org" && c.Code == "34842-5") == true),
                    "DLU_010" => documents.FirstOrDefault(d => d.Type?.Coding.Any(c => c.System == "http://loinc.org" && c.Code == "42348-3") == true),
                    _ => null,
                };
            if (document?.Content.Select(c => c.Attachment).FirstOrDefault(a => a?.ContentType == "application/pdf") is not { } pdf)
            {
                continue;
            }

            var content = await PdfAsync(pdf, cancellationToken);
            total += content.Length;
            if (total > MaxAnnexBytes)
            {
                throw new FhirException(FhirErrorKind.Unprocessable,
                    $"The documents to annex to the DLU weigh more than {MaxAnnexBytes / (1024 * 1024)} MiB together (DocumentReference/{document.Id} is one too many).", OperationOutcome.IssueType.TooCostly);
            }

            attachments.Add(new DluAttachment(item, content));
        }

        return attachments;
    }

    private async Task<byte[]> PdfAsync(Attachment attachment, CancellationToken cancellationToken)
    {
        if (attachment.Data is { Length: > 0 } data)
        {
            return data;
        }

        var url = attachment.Url ?? string.Empty;
        var at = url.LastIndexOf("Binary/", StringComparison.Ordinal);
        return at >= 0 ? (await RecordReads.ReadAsync<Binary>(engine, serializer, "Binary/" + url[(at + 7)..].Split('/')[0], null, cancellationToken)).Data ?? [] : [];
    }

    private async Task<IEnumerable<string>> CommentsAsync(string subject, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        var evaluation = (await FindAsync<QuestionnaireResponse>("QuestionnaireResponse", $"subject={subject}&status=completed&_sort=-authored", cancellationToken))
            .FirstOrDefault(AggirQuestionnaireResponse.IsAggir);
        if (evaluation is not null && Gir(evaluation) is { } gir)
        {
            lines.Add($"Autonomie : GIR {gir} (évaluation AGGIR du {Day(evaluation.AuthoredElement)}).");
        }

        var signs = await FindAsync<Observation>("Observation", $"subject={subject}&category=vital-signs&_sort=-date", cancellationToken);
        var latest = VitalSigns.Select(v => (v.Label, Observation: signs.FirstOrDefault(o => o.Code?.Coding.Any(c => c.System == "http://loinc.org" && c.Code == v.Code) == true)))
            .Where(v => v.Observation is not null).Select(v => $"{v.Label} {Measure(v.Observation!)} ({Day(v.Observation!.Effective as FhirDateTime)})").ToList();
        if (latest.Count > 0)
        {
            lines.Add("Dernières constantes : " + string.Join(" ; ", latest) + ".");
        }

        return lines;
    }

    private static int? Gir(QuestionnaireResponse response)
    {
        try
        {
            var evaluation = AggirQuestionnaireResponse.Read(response);
            return evaluation.Modalities.Count > 0 ? AggirAlgorithm.Gir(evaluation.Modalities) : evaluation.DeclaredGir;
        }
        catch (FhirException)
        {
            return null;
        }
    }

    private static string Measure(Observation observation) => observation.Value is Quantity q
        ? $"{q.Value?.ToString(CultureInfo.InvariantCulture)} {q.Unit}".Trim()
        : string.Join("/", observation.Component.Select(c => (c.Value as Quantity)?.Value?.ToString(CultureInfo.InvariantCulture)).OfType<string>())
            + (observation.Component.FirstOrDefault()?.Value is Quantity { Unit: { } unit } ? " " + unit : string.Empty);

    private static bool? Latest(List<Observation> observations, string code) =>
        observations.FirstOrDefault(o => o.Status is ObservationStatus.Final or ObservationStatus.Amended or ObservationStatus.Corrected && o.Code?.Coding.Any(c => c.System == Snomed && c.Code == code) == true)?.Value is FhirBoolean { Value: { } holds }
            ? holds
            : null;

    private static string? Status(Condition condition) => condition.ClinicalStatus?.Coding.FirstOrDefault()?.Code;

    private static DluProblem Problem(Condition condition) =>
        new(DluCodings.Words(condition.Code) ?? "Pathologie", DluCodings.Code(condition.Code), DateOf(condition.Onset as FhirDateTime) ?? DateOf(condition.RecordedDateElement), DateOf(condition.Abatement as FhirDateTime));

    private static DluAllergy Allergy(AllergyIntolerance allergy) =>
        new(allergy.Category.FirstOrDefault() switch
        {
            AllergyIntolerance.AllergyIntoleranceCategory.Food => DluVocabulary.FoodAllergy,
            AllergyIntolerance.AllergyIntoleranceCategory.Medication => DluVocabulary.MedicationAllergy,
            _ => DluVocabulary.OtherAllergy,
        },
            DluCodings.Words(allergy.Code) ?? "Agent non précisé", DluCodings.Code(allergy.Code), DateOf(allergy.Onset as FhirDateTime) ?? DateOf(allergy.RecordedDateElement));

    private static string Day(PrimitiveType? date) => DateOf(date)?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) ?? "date inconnue";

    private static DateOnly? DateOf(PrimitiveType? date) =>
        date?.ToString() is { Length: >= 10 } text && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    private async Task<List<T>> FindAsync<T>(string type, string criteria, CancellationToken cancellationToken)
        where T : Resource => [.. (await engine.FindReachableAsync(type, criteria, MaxItems, cancellationToken)).Select(s => (T)serializer.ParseJson(s.Json.Span))];
}
