using System.Globalization;
using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Operations;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Serialization;
using Hl7.Fhir.Model;

namespace EsmsDui.Dossier.Identity.Merge;

/// <summary>
/// <c>Patient/[id]/$duplicates</c>: the other usagers that may be the same person, best first, each with a score:
/// the same INS (1.0), the same birth name, birth date and sex (0.9), the same first name, birth date and sex under
/// another name (0.7), among the usagers the caller reaches (nothing is said of the others). Staff then merge the
/// true duplicates with <c>Patient/$merge</c>.
/// </summary>
public sealed class PatientDuplicatesOperation(IFhirEngine engine, FhirSerializer serializer) : IFhirOperationHandler
{
    private const int MaxCandidates = 200;

    /// <summary>Where the operation answers.</summary>
    public static FhirOperationRoute Route { get; } = new(
        "duplicates", "Patient", "https://esmsdui.org/fhir/OperationDefinition/Patient-duplicates",
        TypeLevel: false, InstanceLevel: true, AffectsState: false, typeof(PatientDuplicatesOperation));

    /// <inheritdoc />
    public async Task<FhirResponse> RunAsync(OperationRequest request, string type, string? id, WriteSession? session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(id);
        var usager = (Patient)serializer.ParseJson((await engine.ReadAsync(type, id, session, cancellationToken)).Json.Span);
        var scores = new Dictionary<string, (decimal Score, Patient Patient)>();
        void Consider(IEnumerable<Patient> candidates, Func<Patient, decimal> score)
        {
            foreach (var candidate in candidates.Where(c => c.Id != id && !IsMerged(c)))
            {
                var value = score(candidate);
                if (value > 0 && (!scores.TryGetValue(candidate.Id!, out var known) || known.Score < value))
                {
                    scores[candidate.Id!] = (value, candidate);
                }
            }
        }

        foreach (var ins in UsagerIdentity.InsIdentifiers(usager))
        {
            Consider(await FindAsync($"identifier={Uri.EscapeDataString(ins.System!)}|{Uri.EscapeDataString(ins.Value!)}", cancellationToken), _ => 1.0m);
        }

        if (usager.BirthDate is { Length: 10 } birthDate && usager.Gender is { } gender)
        {
            var sameBirth = await FindAsync($"birthdate={birthDate}&gender={gender.ToString().ToLowerInvariant()}", cancellationToken);
            var (family, first) = Names(usager);
            Consider(sameBirth, c => Names(c) switch
            {
                var (f, _) when f.Length > 0 && f == family => 0.9m,
                var (_, g) when g.Length > 0 && g == first => 0.7m,
                _ => 0m,
            });
        }

        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Total = scores.Count };
        foreach (var (candidateId, (score, patient)) in scores.OrderByDescending(s => s.Value.Score).ThenBy(s => s.Key, StringComparer.Ordinal))
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{request.BaseUrl}/Patient/{candidateId}",
                Resource = patient,
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match, Score = score },
            });
        }

        return FhirResponse.Ok(bundle);
    }

    /// <summary>True for a record merged into another (inactive, replaced by it).</summary>
    public static bool IsMerged(Patient patient) => patient?.Link.Exists(l => l.Type == Patient.LinkType.ReplacedBy) == true;

    private async Task<IEnumerable<Patient>> FindAsync(string criteria, CancellationToken cancellationToken) =>
        (await engine.FindReachableAsync("Patient", criteria, MaxCandidates, cancellationToken)).Select(s => (Patient)serializer.ParseJson(s.Json.Span));

    // Birth (official) family name and first given name, compared without case or accents.
    private static (string Family, string First) Names(Patient patient)
    {
        var name = patient.Name.FirstOrDefault(n => n.Use == HumanName.NameUse.Official) ?? patient.Name.FirstOrDefault();
        return (Fold(name?.Family), Fold(name?.Given.FirstOrDefault()));
    }

    private static string Fold(string? text) =>
        new string((text ?? string.Empty).Normalize(System.Text.NormalizationForm.FormD)
            .Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && char.IsLetter(c))
            .ToArray()).ToUpperInvariant();
}
