using EsmsDui.Fhir.Primitives;
using EsmsDui.Fhir.Storage;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Search;

/// <summary>
/// Extracts the index entries of a resource: every indexed search parameter's FHIRPath is evaluated with
/// the SDK and its values are turned into tokens, strings, date ranges and references.
/// </summary>
public sealed class SearchIndexer(SearchParameterRegistry registry)
{
    /// <summary>Size of indexed text columns; longer values are cut (prefix matches still work).</summary>
    public const int MaxValueLength = 256;

    /// <summary>Size of indexed URL columns.</summary>
    public const int MaxUrlLength = 512;

    // Expressions such as Observation.subject.where(resolve() is Patient) only need the type of the target:
    // resolve() answers an empty resource of the type the reference names.
    private static readonly FhirEvaluationContext Context = new() { ElementResolver = ResolveToEmptyResource };

    /// <summary>False to evaluate every expression with the FHIRPath engine (the reference the fast paths are tested against).</summary>
    internal bool UseFastPaths { get; init; } = true;

    /// <summary>The index entries of a resource.</summary>
    public SearchIndexEntries Extract(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var entries = new SearchIndexEntries();
        PocoNode? root = null;
        var groups = 0;
        foreach (var parameter in registry.IndexedFor(resource.TypeName))
        {
            if (parameter.Components.Count > 0)
            {
                groups = AddComposite(entries, parameter, resource, () => root ??= resource.ToPocoNode(ModelInfo.ModelInspector), groups);
                continue;
            }

            IEnumerable<Base?> values;
            try
            {
                values = UseFastPaths && parameter.FastPath is { } fast
                    ? fast.Select(resource)
                    : [.. FhirPathEngine.Compiler.Select(root ??= resource.ToPocoNode(ModelInfo.ModelInspector), parameter.Expression, Context).Select(n => n.Poco)];
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or InvalidCastException)
            {
                // A core expression the SDK cannot evaluate on this instance indexes nothing rather than failing the write.
                continue;
            }

            foreach (var value in values)
            {
                IndexValues.Add(entries, parameter, value);
            }
        }

        if (resource is DomainResource { Contained.Count: > 0 } container)
        {
            AddContained(entries, container.Contained);
        }

        return entries;
    }

    // Each contained resource's values under its own names, grouped by its position (1, 2…); its id as `_id`.
    // Composite values are left out: their groups would be mistaken for positions.
    private void AddContained(SearchIndexEntries entries, List<Resource> contained)
    {
        for (var position = 1; position <= contained.Count; position++)
        {
            var resource = contained[position - 1];
            var type = resource.TypeName;
            string Name(string parameter) => SearchModifiers.Contained(type, parameter);
            var own = Extract(resource);
            entries.Tokens.Add(new TokenEntry(Name("_id"), null, TextNormalizer.Truncate(resource.Id ?? string.Empty, MaxValueLength)) { Group = position });
            entries.Tokens.AddRange(own.Tokens.Where(e => e.Group is null).Select(e => e with { Parameter = Name(e.Parameter), Group = position }));
            entries.Strings.AddRange(own.Strings.Where(e => e.Group is null).Select(e => e with { Parameter = Name(e.Parameter), Group = position }));
            entries.Dates.AddRange(own.Dates.Where(e => e.Group is null).Select(e => e with { Parameter = Name(e.Parameter), Group = position }));
            entries.References.AddRange(own.References.Where(e => e.Group is null).Select(e => e with { Parameter = Name(e.Parameter), Group = position }));
            entries.Numbers.AddRange(own.Numbers.Where(e => e.Group is null).Select(e => e with { Parameter = Name(e.Parameter), Group = position }));
            entries.Quantities.AddRange(own.Quantities.Where(e => e.Group is null).Select(e => e with { Parameter = Name(e.Parameter), Group = position }));
        }
    }

    // Each element the composite selects gets a group number; its component values are indexed with it, and only
    // when every component has a value (a composite search needs them all).
    private int AddComposite(SearchIndexEntries entries, SearchParameterInfo composite, Resource resource, Func<PocoNode> root, int groups)
    {
        try
        {
            var fast = UseFastPaths && composite.HasFastPaths;
            var elements = fast
                ? composite.FastPath!.Select(resource).Select(e => (Fast: (Base?)e, Node: (PocoNode?)null))
                : FhirPathEngine.Compiler.Select(root(), composite.Expression, Context).Select(e => (Fast: (Base?)null, Node: (PocoNode?)e));
            foreach (var element in elements)
            {
                var parts = new SearchIndexEntries();
                var complete = true;
                foreach (var component in composite.Components)
                {
                    var before = Count(parts);
                    var values = element.Fast is { } node
                        ? component.FastPath!.Select(node)
                        : FhirPathEngine.Compiler.Select(element.Node!, component.Expression, Context).Select(v => v.Poco);
                    foreach (var value in values)
                    {
                        IndexValues.Add(parts, component, value);
                    }

                    complete &= Count(parts) > before;
                }

                if (complete)
                {
                    var group = ++groups;
                    bool Own(string name) => name.Contains('$', StringComparison.Ordinal) && !name.Contains(':', StringComparison.Ordinal);
                    entries.Tokens.AddRange(parts.Tokens.Where(t => Own(t.Parameter)).Select(t => t with { Group = group }));
                    entries.Strings.AddRange(parts.Strings.Where(t => Own(t.Parameter)).Select(t => t with { Group = group }));
                    entries.Dates.AddRange(parts.Dates.Select(t => t with { Group = group }));
                    entries.References.AddRange(parts.References.Select(t => t with { Group = group }));
                    entries.Numbers.AddRange(parts.Numbers.Select(t => t with { Group = group }));
                    entries.Quantities.AddRange(parts.Quantities.Select(t => t with { Group = group }));
                }
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or InvalidCastException)
        {
            // As for simple parameters: an expression the SDK cannot evaluate on this instance indexes nothing.
        }

        return groups;
    }

    private static int Count(SearchIndexEntries entries) =>
        entries.Tokens.Count + entries.Strings.Count + entries.Dates.Count + entries.References.Count + entries.Numbers.Count + entries.Quantities.Count;

    private static PocoNode? ResolveToEmptyResource(string reference)
    {
        var entry = ReferenceParser.Parse(string.Empty, reference);
        var type = entry.TargetType ?? TypeOfAbsolute(reference);
        return type is not null && ModelInfo.GetTypeForFhirType(type) is { } clrType && Activator.CreateInstance(clrType) is Resource empty
            ? empty.ToPocoNode(ModelInfo.ModelInspector)
            : null;
    }

    private static string? TypeOfAbsolute(string reference)
    {
        var parts = reference.Split('/');
        var historyAt = Array.IndexOf(parts, "_history");
        var typeAt = (historyAt > 0 ? historyAt : parts.Length) - 2;
        return typeAt >= 0 && ResourceIds.IsKnownType(parts[typeAt]) ? parts[typeAt] : null;
    }
}
