using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Storage;
using Hl7.Fhir.Model;

namespace EsmsDui.Dossier.Identity;

/// <summary>
/// The identifiers TDDUI gives séjours, projets personnalisés, besoins, objectifs, actions and évaluations
/// (<c>https://identifiant-medicosocial-….esante.gouv.fr</c>) start with the ESMS: <c>3+FINESS/</c>, then the local
/// usager's id and what the record is (<c>3480787529/194704032-SEJOUR-1012</c>).
/// </summary>
public sealed class MedicoSocialIdentifierRule : IResourceWriteRule
{
    private const string Prefix = "https://identifiant-medicosocial-";

    /// <inheritdoc />
    public bool AppliesTo(string resourceType) => resourceType != "Patient";

    /// <inheritdoc />
    public Task<IReadOnlyList<OperationOutcome.IssueComponent>> CheckAsync(Resource resource, StoredResource? current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var identifiers = resource.EnumerateElements().Where(e => e.Key == "identifier").SelectMany(e => e.Value switch
        {
            Identifier one => [one],
            IEnumerable<Identifier> many => many,
            _ => [],
        });
        IReadOnlyList<OperationOutcome.IssueComponent> issues = [.. identifiers
            .Where(i => i.System?.StartsWith(Prefix, StringComparison.Ordinal) == true && i.System.EndsWith(".esante.gouv.fr", StringComparison.Ordinal)
                && !StartsWithEsms(i.Value))
            .Select(i => FhirException.Issue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Value,
                $"The identifier '{i.Value}' ({i.System}) does not start with 3+FINESS/ (3, the 9-character FINESS of the ESMS, '/').",
                $"{resource.TypeName}.identifier"))];
        return System.Threading.Tasks.Task.FromResult(issues);
    }

    // 3, a FINESS (9 digits, or 2A/2B and 7 digits for Corsica), '/', something.
    private static bool StartsWithEsms(string? value) =>
        value is { Length: > 11 } && value[0] == '3' && value[10] == '/'
        && (value[1..10].All(char.IsAsciiDigit) || (value[1] == '2' && value[2] is 'A' or 'B' && value[3..10].All(char.IsAsciiDigit)));
}
