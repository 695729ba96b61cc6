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

    /// <summary>
    /// The codes of <paramref name="system"/> that <paramref name="code"/> subsumes (<paramref name="below"/>: the code
    /// and its descendants) or that subsume it (the code and its ancestors), for the token modifiers
    /// <c>:below</c> / <c>:above</c>. The hierarchy is the code system's nesting and its <c>parent</c> / <c>child</c>
    /// properties; a code system this server does not hold in full cannot answer (422).
    /// </summary>
    public async Task<IReadOnlyList<string>> SubsumptionAsync(string system, string code, bool below)
    {
        var codeSystem = await _resolver.ResolveByCanonicalUriAsync(system) as CodeSystem;
        if (codeSystem is not { Content: CodeSystemContentMode.Complete or CodeSystemContentMode.Fragment } || Find(codeSystem.Concept, code) is null)
        {
            throw new FhirException(FhirErrorKind.Unprocessable,
                codeSystem is null || codeSystem.Content is not (CodeSystemContentMode.Complete or CodeSystemContentMode.Fragment)
                    ? $"The hierarchy of {system} is not held by this server (external terminologies such as SNOMED CT need a terminology server): :below and :above cannot be answered."
                    : $"The code '{code}' is not in {system}.",
                OperationOutcome.IssueType.NotSupported);
        }

        var parents = new List<(string Child, string Parent)>();
        CollectHierarchy(codeSystem.Concept, null, parents);
        var next = below
            ? parents.ToLookup(p => p.Parent, p => p.Child)
            : parents.ToLookup(p => p.Child, p => p.Parent);
        var found = new HashSet<string>(StringComparer.Ordinal) { code };
        var frontier = new Queue<string>([code]);
        while (frontier.TryDequeue(out var current))
        {
            foreach (var related in next[current].Where(found.Add))
            {
                frontier.Enqueue(related);
            }
        }

        return [.. found];
    }

    private static void CollectHierarchy(List<CodeSystem.ConceptDefinitionComponent> concepts, string? parent, List<(string Child, string Parent)> links)
    {
        foreach (var concept in concepts)
        {
            if (concept.Code is not { } code)
            {
                continue;
            }

            if (parent is not null)
            {
                links.Add((code, parent));
            }

            foreach (var property in concept.Property)
            {
                if (property is { Code: "parent", Value: Code { Value: { } up } })
                {
                    links.Add((code, up));
                }
                else if (property is { Code: "child", Value: Code { Value: { } down } })
                {
                    links.Add((down, code));
                }
            }

            CollectHierarchy(concept.Concept, code, links);
        }
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
