using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Primitives;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Serialization;
using EsmsDui.Fhir.Terminology;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Operations;

/// <summary><c>ValueSet/$expand</c>, <c>ValueSet/$validate-code</c> and <c>CodeSystem/$lookup</c>, type and instance level, over <see cref="LocalTerminology"/>.</summary>
public sealed class TerminologyOperations(LocalTerminology terminology, ResourceService resources, FhirSerializer serializer)
{
    /// <summary>Runs <paramref name="operation"/> on <paramref name="type"/> (and the stored <paramref name="id"/>, if any).</summary>
    public async Task<FhirResponse> RunAsync(OperationRequest request, string type, string? id, string operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var input = request.Input;
        var stored = id is null ? null : serializer.ParseJson((await resources.ReadAsync(type, id, null, cancellationToken)).Json.Span);
        return (type, operation) switch
        {
            ("ValueSet", "$expand") => FhirResponse.Ok(Page(await terminology.ExpandAsync(input.Text("url"), stored as ValueSet ?? input.Value<ValueSet>("valueSet"), cancellationToken), input)),
            ("ValueSet", "$validate-code") => FhirResponse.Ok(await terminology.ValidateCodeAsync(ValidateCodeInput(input, stored as ValueSet))),
            ("CodeSystem", "$lookup") => FhirResponse.Ok(await LookupAsync(input, stored as CodeSystem)),
            _ => throw new FhirException(FhirErrorKind.NotFound, $"{type} has no operation {ResourceIds.Truncate(operation)} on this server.", OperationOutcome.IssueType.NotSupported),
        };
    }

    // filter (text in code or display), offset and count as $expand defines them.
    private static ValueSet Page(ValueSet expanded, OperationParameters input)
    {
        var expansion = expanded.Expansion ??= new ValueSet.ExpansionComponent();
        var contains = Flatten(expansion.Contains).ToList();
        if (input.Text("filter") is { Length: > 0 } filter)
        {
            contains = [.. contains.Where(c => (c.Display?.Contains(filter, StringComparison.OrdinalIgnoreCase) ?? false) || (c.Code?.Contains(filter, StringComparison.OrdinalIgnoreCase) ?? false))];
        }

        var offset = input.NonNegative("offset") ?? 0;
        var count = input.NonNegative("count") ?? contains.Count;
        expansion.Total = contains.Count;
        expansion.Offset = offset;
        expansion.Contains = [.. contains.Skip(offset).Take(count)];
        return expanded;
    }

    private static IEnumerable<ValueSet.ContainsComponent> Flatten(IEnumerable<ValueSet.ContainsComponent> contains) =>
        contains.SelectMany(c => new[] { c }.Concat(Flatten(c.Contains)));

    private static Parameters ValidateCodeInput(OperationParameters input, ValueSet? stored)
    {
        var parameters = new Parameters();
        if (stored is not null)
        {
            parameters.Add("valueSet", stored);
        }
        else if (input.Text("url") is { } url)
        {
            parameters.Add("url", new FhirUri(url));
        }
        else if (input.Value<ValueSet>("valueSet") is { } inline)
        {
            parameters.Add("valueSet", inline);
        }
        else
        {
            throw new FhirException(FhirErrorKind.Invalid, "$validate-code needs the value set: url, valueSet, or ValueSet/[id]/$validate-code.", OperationOutcome.IssueType.Required);
        }

        if (input.Value<Coding>("coding") is { } coding)
        {
            parameters.Add("coding", coding);
        }
        else if (input.Value<CodeableConcept>("codeableConcept") is { } concept)
        {
            parameters.Add("codeableConcept", concept);
        }
        else if (input.Text("code") is { } code)
        {
            parameters.Add("code", new Code(code));
            AddText(parameters, "system", input.Text("system"), v => new FhirUri(v));
            AddText(parameters, "display", input.Text("display"), v => new FhirString(v));
        }
        else
        {
            throw new FhirException(FhirErrorKind.Invalid, "$validate-code needs a code (with its system), a coding or a codeableConcept.", OperationOutcome.IssueType.Required);
        }

        return parameters;
    }

    private async Task<Parameters> LookupAsync(OperationParameters input, CodeSystem? stored)
    {
        var coding = input.Value<Coding>("coding");
        var system = coding?.System ?? input.Text("system") ?? stored?.Url;
        return await terminology.LookupAsync(system, coding?.Code ?? input.Text("code"), coding?.Version ?? input.Text("version"));
    }

    private static void AddText(Parameters parameters, string name, string? value, Func<string, DataType> wrap)
    {
        if (value is not null)
        {
            parameters.Add(name, wrap(value));
        }
    }
}
