using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Serialization;
using Hl7.Fhir.Model;

namespace EsmsDui.Dossier.Oppositions;

/// <summary>
/// The usager's oppositions, recorded as Consent resources (status active, category from
/// <see cref="System"/>, provision deny) and asked by every connector before it sends anything.
/// </summary>
public sealed class UsagerOppositions(IFhirSearch search, FhirSerializer serializer)
{
    /// <summary>The project's code system of oppositions (Consent.category).</summary>
    public const string System = "https://esmsdui.org/fhir/CodeSystem/opposition";

    /// <summary>The category code of a channel.</summary>
    public static string Code(OppositionChannel channel) => channel switch
    {
        OppositionChannel.Dmp => "dmp",
        _ => "mssante",
    };

    /// <summary>The display of a channel's category.</summary>
    public static string Display(OppositionChannel channel) => channel switch
    {
        OppositionChannel.Dmp => "Opposition à l'alimentation du DMP",
        _ => "Opposition à l'envoi de documents par MSSanté",
    };

    /// <summary>The Consent recording the usager's active opposition on <paramref name="channel"/>, or null when there is none.</summary>
    public async Task<Consent?> FindAsync(string patientId, OppositionChannel channel, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(patientId);
        var criteria = $"patient=Patient/{Uri.EscapeDataString(patientId)}&status=active&category={Uri.EscapeDataString(System)}|{Code(channel)}";
        var matches = await search.MatchAsync("Consent", criteria, cancellationToken);
        return matches
            .Select(m => (Consent)serializer.ParseJson(m.Json.Span))
            .FirstOrDefault(c => c.Provision?.Type is null or Consent.ConsentProvisionType.Deny);
    }

    /// <summary>A Consent recording an opposition, as staff record it (who: the usager or the representative).</summary>
    public static Consent Opposition(string patientId, OppositionChannel channel, DateTimeOffset when) => new()
    {
        Status = Consent.ConsentState.Active,
        Scope = new CodeableConcept { Coding = [new Coding("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", "Privacy Consent")] },
        Category = [new CodeableConcept { Coding = [new Coding(System, Code(channel), Display(channel))] }],
        Patient = new ResourceReference($"Patient/{patientId}"),
        DateTime = when.ToString("yyyy-MM-ddTHH:mm:sszzz", global::System.Globalization.CultureInfo.InvariantCulture),
        PolicyRule = new CodeableConcept { Coding = [new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTOUT", "opt-out")] },
        Provision = new Consent.provisionComponent { Type = Consent.ConsentProvisionType.Deny },
    };
}
