using System.Text.RegularExpressions;
using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Serialization;
using EsmsDui.Fhir.Storage;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace EsmsDui.Dossier.Identity;

/// <summary>
/// The identity rules of every Patient write: a well-formed INS with its right key, no test or demonstration INS
/// in production, a status that matches the INS it has and the attributes douteuse/fictive (which keep an identity
/// provisoire), an INS that does not change under a qualified identity,
/// a local identifier <c>3+FINESS/idLocal</c>, and no second usager with the same INS or local identifier.
/// </summary>
public sealed partial class PatientIdentityRule(IFhirSearch search, FhirSerializer serializer, IOptions<DossierOptions> options) : IResourceWriteRule
{
    /// <inheritdoc />
    public bool AppliesTo(string resourceType) => resourceType == "Patient";

    /// <inheritdoc />
    public async Task<IReadOnlyList<OperationOutcome.IssueComponent>> CheckAsync(Resource resource, StoredResource? current, CancellationToken cancellationToken)
    {
        var patient = (Patient)resource;
        var settings = options.Value.Identity;
        var issues = new List<OperationOutcome.IssueComponent>();
        for (var i = 0; i < patient.Identifier.Count; i++)
        {
            var identifier = patient.Identifier[i];
            var at = $"Patient.identifier[{i}]";
            if (UsagerIdentity.IsIns(identifier))
            {
                CheckIns(identifier, at, settings, issues);
            }
            else if (identifier.System == InsSystems.LocalUsager && !LocalIdentifier().IsMatch(identifier.Value ?? string.Empty))
            {
                issues.Add(Error($"The local usager identifier '{identifier.Value}' is not 3+FINESS/idLocal (3, the 9-character FINESS of the ESSMS, '/', the local id).", at + ".value"));
            }
        }

        var status = UsagerIdentity.StatusOf(patient);
        var ins = UsagerIdentity.InsIdentifiers(patient).ToList();
        if (status is IdentityStatus.Qualifiee or IdentityStatus.Recuperee && ins.Count == 0)
        {
            issues.Add(Error($"An identity {(status == IdentityStatus.Qualifiee ? "qualifiée" : "récupérée")} has its INS: add the INS identifier or record the identity as provisoire.", "Patient.identifier"));
        }

        var attributes = UsagerIdentity.AttributesOf(patient);
        if (attributes == (IdentityAttributes.Douteuse | IdentityAttributes.Fictive))
        {
            issues.Add(Error("An identity is douteuse (DOUT) or fictive (FICT), not both (RNIV).", "Patient.extension"));
        }
        else if (attributes != IdentityAttributes.None && status > IdentityStatus.Provisoire)
        {
            issues.Add(Error($"An identity {(attributes == IdentityAttributes.Douteuse ? "douteuse (DOUT)" : "fictive (FICT)")} stays provisoire (RNIV): record it as provisoire, or remove the attribute once the doubt is lifted.", "Patient.extension"));
        }

        if (current is not null && serializer.ParseJson(current.Json.Span) is Patient before && UsagerIdentity.StatusOf(before) == IdentityStatus.Qualifiee && status == IdentityStatus.Qualifiee)
        {
            var previous = UsagerIdentity.InsIdentifiers(before).Select(Key).ToHashSet();
            if (ins.Count > 0 && !ins.Select(Key).All(previous.Contains))
            {
                issues.Add(Error("The INS of a qualified identity cannot change: record the identity as provisoire first, then qualify it again with the new INS.", "Patient.identifier"));
            }
        }

        foreach (var identifier in patient.Identifier.Where(x => x.Value is not null && (UsagerIdentity.IsIns(x) || x.System == InsSystems.LocalUsager)))
        {
            // A record merged into another (inactive, replaced by it) keeps its identifiers for those who look it up.
            var holders = await search.FindAsync("Patient", $"identifier={Escape(identifier.System)}|{Escape(identifier.Value)}", 10, cancellationToken);
            if (holders.FirstOrDefault(h => h.Id != patient.Id && !Merge.PatientDuplicatesOperation.IsMerged((Patient)serializer.ParseJson(h.Json.Span))) is { } other)
            {
                issues.Add(FhirException.Issue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Duplicate,
                    $"Patient/{other.Id} already has the identifier {identifier.System}|{identifier.Value}: a usager is recorded once (merge the duplicates).", "Patient.identifier"));
            }
        }

        return issues;
    }

    private static void CheckIns(Identifier identifier, string at, IdentityOptions settings, List<OperationOutcome.IssueComponent> issues)
    {
        if (InsSystems.TestAndDemo.Contains(identifier.System) && !settings.AllowTestIns)
        {
            issues.Add(Error($"The INS of a test or demonstration identity ({identifier.System}) is refused by this server (Dossier:Identity:AllowTestIns is for test servers).", at + ".system"));
        }

        if (identifier.System != InsSystems.Nia && InsNumber.Problem(identifier.Value) is { } problem)
        {
            issues.Add(FhirException.Issue(
                settings.EnforceInsKey ? OperationOutcome.IssueSeverity.Error : OperationOutcome.IssueSeverity.Warning,
                OperationOutcome.IssueType.Value,
                $"The INS matricule '{identifier.Value}' is wrong: {problem}.",
                at + ".value"));
        }
    }

    private static string Key(Identifier identifier) => identifier.System + "|" + identifier.Value;

    // Search values escape \ , $ and | (FHIR R4 §3.1.1.5.7).
    private static string Escape(string? value) =>
        Uri.EscapeDataString((value ?? string.Empty).Replace("\\", "\\\\", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal)
            .Replace("$", "\\$", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal));

    private static OperationOutcome.IssueComponent Error(string text, string expression) =>
        FhirException.Issue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.BusinessRule, text, expression);

    // 3, the FINESS (9 characters: digits, or 2A/2B and 7 digits for Corsica), '/', a local id without spaces.
    [GeneratedRegex(@"^3(\d{9}|2[AB]\d{7})/\S+$")]
    private static partial Regex LocalIdentifier();
}
