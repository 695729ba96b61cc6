using EsmsDui.Fhir.Conformance;
using EsmsDui.Fhir.Errors;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Terminology;

namespace EsmsDui.Fhir.Terminology;

/// <summary>
/// Terminology over the value sets and code systems the server has (loaded packages, FHIR core, stored ones):
/// <c>$expand</c>, <c>$validate-code</c>, <c>$lookup</c>, and the codes of a value set for <c>:in</c> searches.
/// What cannot be answered locally (a value set defined by filters, an external code system such as SNOMED CT,
/// a value set we do not have) is said so, never passed silently.
/// </summary>
public sealed class LocalTerminology
{
    /// <summary>The largest expansion computed locally.</summary>
    public const int MaxExpansionSize = 10_000;

    private readonly ConformanceResolver _resolver;
    private readonly ValueSetExpanderSettings _settings;

    /// <summary>Creates the service over <paramref name="resolver"/>.</summary>
    public LocalTerminology(ConformanceResolver resolver)
    {
        _resolver = resolver;
        _settings = new ValueSetExpanderSettings { ValueSetSource = resolver, MaxExpansionSize = MaxExpansionSize, IncludeDesignations = false };
        CodeValidation = LocalTerminologyService.CreateDefaultForCore(resolver, _settings);
    }

    /// <summary>The code validation service the profile validator uses (local expansions, MIME types, languages).</summary>
    public ITerminologyService CodeValidation { get; }

    /// <summary>The expansion of a value set given by canonical URL or inline; 404 when unknown, 422 when it cannot be expanded here.</summary>
    public async Task<ValueSet> ExpandAsync(string? url, ValueSet? inline, CancellationToken cancellationToken)
    {
        var source = inline ?? await FindValueSetAsync(url);
        var expansion = source.Expansion;
        cancellationToken.ThrowIfCancellationRequested();

        // A copy either way: callers page and filter the answer, and the source may be a shared package resource.
        var copy = (ValueSet)source.DeepCopy();
        if (expansion is { Contains.Count: > 0 } && source.Compose is null)
        {
            return copy;
        }

        try
        {
            await new ValueSetExpander(_settings).ExpandAsync(copy);
            return copy;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new FhirException(FhirErrorKind.Unprocessable,
                $"The value set {Describe(source)} cannot be expanded by this server: {ex.Message} Codes from it cannot be checked locally.",
                OperationOutcome.IssueType.TooCostly);
        }
    }

    /// <summary>Every (system, code) of a value set, for <c>:in</c> / <c>:not-in</c>.</summary>
    public async Task<IReadOnlyList<(string? System, string Code)>> CodesAsync(string url, CancellationToken cancellationToken)
    {
        var expansion = await ExpandAsync(url, null, cancellationToken);
        var codes = new List<(string?, string)>();
        Collect(expansion.Expansion?.Contains ?? [], codes);
        return codes;
    }

    /// <summary><c>$validate-code</c> against a value set: the answer Parameters (result, message, display).</summary>
    public async Task<Parameters> ValidateCodeAsync(Parameters input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.GetSingleValue<FhirUri>("url")?.Value is { } url && await _resolver.ResolveByCanonicalUriAsync(url) is not ValueSet)
        {
            throw new FhirException(FhirErrorKind.NotFound, $"The value set {url} is not known to this server.");
        }

        try
        {
            return await CodeValidation.ValueSetValidateCode(input);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not silently valid: the answer says the code could not be checked, and why.
            var answer = new Parameters();
            answer.Add("result", new FhirBoolean(false));
            answer.Add("message", new FhirString($"Not checked: {ex.Message}"));
            return answer;
        }
    }

    /// <summary><c>$lookup</c>: the display, definition and properties of a code of a code system this server has.</summary>
    public async Task<Parameters> LookupAsync(string? system, string? code, string? version)
    {
        if (string.IsNullOrEmpty(system) || string.IsNullOrEmpty(code))
        {
            throw new FhirException(FhirErrorKind.Invalid, "$lookup needs a system and a code (or a coding).", OperationOutcome.IssueType.Required);
        }

        var canonical = version is null ? system : $"{system}|{version}";
        var codeSystem = await _resolver.ResolveByCanonicalUriAsync(canonical) as CodeSystem
            ?? throw new FhirException(FhirErrorKind.NotFound, $"The code system {canonical} is not available on this server (external terminologies such as SNOMED CT and LOINC are not held locally).");
        var concept = Find(codeSystem.Concept, code)
            ?? throw new FhirException(FhirErrorKind.NotFound,
                codeSystem.Content == CodeSystemContentMode.Complete
                    ? $"The code '{code}' is not in {canonical}."
                    : $"The code '{code}' is not among the concepts this server has of {canonical} (its content is {codeSystem.Content?.ToString() ?? "not stated"}).");
        var answer = new Parameters();
        answer.Add("name", new FhirString(codeSystem.Name ?? codeSystem.Title ?? system));
        if (codeSystem.Version is { } codeSystemVersion)
        {
            answer.Add("version", new FhirString(codeSystemVersion));
        }

        answer.Add("display", new FhirString(concept.Display ?? code));
        if (concept.Definition is { } definition)
        {
            answer.Add("definition", new FhirString(definition));
        }

        foreach (var designation in concept.Designation)
        {
            answer.Parameter.Add(new Parameters.ParameterComponent
            {
                Name = "designation",
                Part = [.. Part("language", designation.LanguageElement), .. Part("use", designation.Use), .. Part("value", designation.ValueElement)],
            });
        }

        foreach (var property in concept.Property)
        {
            answer.Parameter.Add(new Parameters.ParameterComponent { Name = "property", Part = [.. Part("code", new Code(property.Code)), .. Part("value", property.Value)] });
        }

        return answer;
    }

    private async Task<ValueSet> FindValueSetAsync(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            throw new FhirException(FhirErrorKind.Invalid, "Name the value set by its url (or give it inline as valueSet).", OperationOutcome.IssueType.Required);
        }

        return await _resolver.ResolveByCanonicalUriAsync(url) as ValueSet
            ?? throw new FhirException(FhirErrorKind.NotFound, $"The value set {url} is not known to this server.");
    }

    private static IEnumerable<Parameters.ParameterComponent> Part(string name, DataType? value) =>
        value is null ? [] : [new Parameters.ParameterComponent { Name = name, Value = value }];

    private static CodeSystem.ConceptDefinitionComponent? Find(List<CodeSystem.ConceptDefinitionComponent> concepts, string code)
    {
        foreach (var concept in concepts)
        {
            if (concept.Code == code)
            {
                return concept;
            }

            if (Find(concept.Concept, code) is { } child)
            {
                return child;
            }
        }

        return null;
    }

    private static void Collect(List<ValueSet.ContainsComponent> contains, List<(string?, string)> codes)
    {
        foreach (var item in contains)
        {
            if (item.Code is { } code && item.Abstract != true)
            {
                codes.Add((item.System, code));
            }

            Collect(item.Contains, codes);
        }
    }

    private static string Describe(ValueSet valueSet) => valueSet.Url ?? valueSet.Id ?? "given inline";
}
