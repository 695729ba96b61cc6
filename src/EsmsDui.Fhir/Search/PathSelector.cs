using System.Collections;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Search;

/// <summary>
/// A fast evaluator for the common shapes of search expressions — dotted paths, <c>as type</c> casts and
/// <c>where(resolve() is Type)</c> — walking the POCO directly. It is an order of magnitude cheaper than the
/// general FHIRPath engine per call; <see cref="TryCreate"/> declines any other shape, which then goes to FHIRPath.
/// </summary>
internal sealed partial class PathSelector
{
    private readonly Branch[] _branches;

    private PathSelector(Branch[] branches) => _branches = branches;

    /// <summary>A selector for the expression, or null when it has a shape this evaluator does not handle.</summary>
    public static PathSelector? TryCreate(string expression)
    {
        var branches = new List<Branch>();
        foreach (var text in expression.Split(" | "))
        {
            if (TypeName().IsMatch(text.Trim()))
            {
                // The resource itself (the element of composites such as Observation code-value-quantity).
                branches.Add(new Branch([], null, null, null));
                continue;
            }

            var match = BranchPattern().Match(text.Trim());
            if (!match.Success)
            {
                return null;
            }

            branches.Add(new Branch(
                match.Groups["path"].Value.Split('.')[1..],
                match.Groups["cast"].Success ? match.Groups["cast"].Value : null,
                match.Groups["target"].Success ? match.Groups["target"].Value : null,
                match.Groups["field"].Success ? (match.Groups["field"].Value, match.Groups["literal"].Value) : null));
        }

        return new PathSelector([.. branches]);
    }

    /// <summary>
    /// True when the expression can select at most one value on a resource of the type: one branch, no filter, and
    /// no repeating element on the path (Patient.birthDate), so that several criteria on it test the same value.
    /// </summary>
    public bool IsSingleValued(string resourceType)
    {
        if (_branches is not [{ FieldEquals: null, ResolvesTo: null } branch])
        {
            return false;
        }

        var type = ModelInfo.GetTypeForFhirType(resourceType);
        foreach (var name in branch.Path)
        {
            var element = type is null ? null : ModelInfo.ModelInspector.FindOrImportClassMapping(type)?.FindMappedElementByName(name);
            if (element is null || element.IsCollection)
            {
                return false;
            }

            type = element.Choice == Hl7.Fhir.Introspection.ChoiceType.None ? element.ImplementingType : null;
        }

        return true;
    }

    /// <summary>
    /// A selector for an expression relative to an element (a composite's component: <c>code</c>,
    /// <c>value.as(Quantity)</c>), or null when it has another shape.
    /// </summary>
    public static PathSelector? TryCreateRelative(string expression)
    {
        var branches = expression.Split(" | ").Select(b => RelativeBranch().Match(b.Trim())).ToList();
        if (branches.Any(m => !m.Success))
        {
            return null;
        }

        return TryCreate(string.Join(" | ", branches.Select(m => m.Groups["cast"].Success
            ? $"(Element.{m.Groups["path"].Value} as {FhirTypeName(m.Groups["cast"].Value)})"
            : $"Element.{m.Groups["path"].Value}")));
    }

    // FHIRPath names System types (DateTime, String); the model's primitives are dateTime, string.
    private static string FhirTypeName(string name)
    {
        var lower = char.ToLowerInvariant(name[0]) + name[1..];
        return ModelInfo.IsPrimitive(lower) ? lower : name;
    }

    /// <summary>The values the expression selects on a resource, or on an element for a relative expression.</summary>
    public IEnumerable<Base> Select(Base resource)
    {
        foreach (var branch in _branches)
        {
            IEnumerable<Base> current = [resource];
            foreach (var name in branch.Path)
            {
                current = current.SelectMany(node => Children(node, name));
            }

            if (branch.Cast is { } cast)
            {
                current = current.Where(node => node.TypeName == cast);
            }

            if (branch.FieldEquals is { } condition)
            {
                current = current.Where(node => Children(node, condition.Field).OfType<PrimitiveType>().Any(p => p.JsonValue?.ToString() == condition.Literal));
            }

            if (branch.ResolvesTo is { } target)
            {
                current = current.Where(node => node is ResourceReference r && r.Reference is { } reference && TargetTypeOf(reference) == target);
            }

            foreach (var node in current)
            {
                yield return node;
            }
        }
    }

    private static IEnumerable<Base> Children(Base node, string name)
    {
        if (!node.TryGetValue(name, out var value) || value is null)
        {
            return [];
        }

        return value switch
        {
            Base single => [single],
            IEnumerable list and not string => list.OfType<Base>(),
            _ => [],
        };
    }

    private static string? TargetTypeOf(string reference)
    {
        var parts = reference.Split('/');
        var historyAt = Array.IndexOf(parts, "_history");
        var typeAt = (historyAt > 0 ? historyAt : parts.Length) - 2;
        return typeAt >= 0 ? parts[typeAt] : null;
    }

    // Type.a.b, (Type.a as dateTime), Type.a.where(resolve() is Patient), Type.a.where(system='email')
    [GeneratedRegex(@"^\(?(?<path>[A-Z][A-Za-z]+(\.[a-z][A-Za-z]*)+)(\s+as\s+(?<cast>[a-zA-Z]+)\))?(\.where\(resolve\(\) is (?<target>[A-Z][A-Za-z]+)\))?(\.where\((?<field>[a-z][A-Za-z]*)='(?<literal>[^']*)'\))?$", RegexOptions.CultureInvariant)]
    private static partial Regex BranchPattern();

    [GeneratedRegex(@"^[A-Z][A-Za-z]+$", RegexOptions.CultureInvariant)]
    private static partial Regex TypeName();

    [GeneratedRegex(@"^(?<path>[a-z][A-Za-z]*(\.[a-z][A-Za-z]*)*)(\.as\((?<cast>[A-Za-z]+)\))?$", RegexOptions.CultureInvariant)]
    private static partial Regex RelativeBranch();

    private sealed record Branch(string[] Path, string? Cast, string? ResolvesTo, (string Field, string Literal)? FieldEquals);
}
