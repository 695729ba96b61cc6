using System.Reflection;
using EsmsDui.Fhir.Primitives;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

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
                Add(entries, parameter, value);
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
                        Add(parts, component, value);
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
        return typeAt >= 0 && Resources.ResourceIds.IsKnownType(parts[typeAt]) ? parts[typeAt] : null;
    }

    private static void Add(SearchIndexEntries entries, SearchParameterInfo parameter, Base? value)
    {
        switch (parameter.Type)
        {
            case SearchParamType.Token:
                AddTokens(entries.Tokens, parameter.Name, value);
                AddTokenExtras(entries, parameter.Name, value);
                break;
            case SearchParamType.Uri when value is PrimitiveType { JsonValue: { } uri }:
                entries.Tokens.Add(new TokenEntry(parameter.Name, null, TextNormalizer.Truncate(uri.ToString()!, MaxUrlLength)));
                break;
            case SearchParamType.String:
                AddStrings(entries.Strings, parameter.Name, value);
                break;
            case SearchParamType.Date:
                AddDate(entries.Dates, parameter.Name, value);
                break;
            case SearchParamType.Reference:
                AddReference(entries.References, parameter.Name, value);
                if (value is ResourceReference { Identifier: { Value: not null } identifier })
                {
                    entries.Tokens.Add(Token(SearchModifiers.Identifier(parameter.Name), identifier.System, identifier.Value));
                }

                break;
            case SearchParamType.Number when NumberOf(value) is { } number:
                entries.Numbers.Add(new NumberEntry(parameter.Name, number));
                break;
            case SearchParamType.Quantity:
                AddQuantity(entries.Quantities, parameter.Name, value);
                break;
        }
    }

    private static decimal? NumberOf(Base? value) => value switch
    {
        FhirDecimal { Value: { } d } => d,
        Integer { Value: { } i } => i,
        UnsignedInt { Value: { } u } => u,
        PositiveInt { Value: { } p } => p,
        Integer64 { Value: { } l } => l,
        _ => null,
    };

    private static void AddQuantity(List<QuantityEntry> quantities, string name, Base? value)
    {
        switch (value)
        {
            case Quantity { Value: { } amount } quantity:
                var canonical = UcumCanonical.Convert(amount, quantity.System, quantity.Code);
                quantities.Add(new QuantityEntry(
                    name, Cut(quantity.System), Cut(quantity.Code), Cut(quantity.Unit), amount, Cut(canonical?.Code), canonical?.Value));
                break;
            case Money { Value: { } amount } money:
                quantities.Add(new QuantityEntry(name, "urn:iso:std:iso:4217", money.Currency?.ToString(), null, amount, null, null));
                break;
            case Hl7.Fhir.Model.Range range:
                AddQuantity(quantities, name, range.Low);
                AddQuantity(quantities, name, range.High);
                break;
        }
    }

    private static string? Cut(string? text) => text is null ? null : TextNormalizer.Truncate(text, MaxValueLength);

    private static void AddTokens(List<TokenEntry> tokens, string name, Base? value)
    {
        switch (value)
        {
            case Coding coding when coding.Code is not null:
                tokens.Add(Token(name, coding.System, coding.Code));
                break;
            case CodeableConcept concept:
                foreach (var coding in concept.Coding.Where(c => c.Code is not null))
                {
                    tokens.Add(Token(name, coding.System, coding.Code!));
                }

                break;
            case Identifier identifier when identifier.Value is not null:
                tokens.Add(Token(name, identifier.System, identifier.Value));
                break;
            case ContactPoint contact when contact.Value is not null:
                tokens.Add(Token(name, null, contact.Value));
                break;
            case FhirBoolean { Value: { } flag }:
                tokens.Add(Token(name, null, flag ? "true" : "false"));
                break;
            case PrimitiveType primitive when primitive.JsonValue is { } raw:
                tokens.Add(Token(name, SystemOf(primitive), raw is bool b ? (b ? "true" : "false") : raw.ToString()!));
                break;
        }
    }

    // :text matches the display text of codes; :of-type the type and value of identifiers. Both live in rows of
    // their own parameter name, so the plain parameter's rows stay as small as they were.
    private static void AddTokenExtras(SearchIndexEntries entries, string name, Base? value)
    {
        switch (value)
        {
            case CodeableConcept concept:
                AddString(entries.Strings, SearchModifiers.Text(name), concept.Text);
                foreach (var coding in concept.Coding)
                {
                    AddString(entries.Strings, SearchModifiers.Text(name), coding.Display);
                }

                break;
            case Coding coding:
                AddString(entries.Strings, SearchModifiers.Text(name), coding.Display);
                break;
            case Identifier identifier:
                AddString(entries.Strings, SearchModifiers.Text(name), identifier.Type?.Text);
                foreach (var type in identifier.Type?.Coding.Where(c => c.Code is not null) ?? [])
                {
                    if (identifier.Value is not null)
                    {
                        entries.Tokens.Add(Token(SearchModifiers.OfType(name), type.System, SearchModifiers.OfTypeCode(type.Code!, identifier.Value)));
                    }
                }

                break;
        }
    }

    // A code bound to an R4 value set (Patient.gender) gets the system of its enumeration. A literal outside it
    // (an R5 type name in a package's SearchParameter.base, read leniently) has none.
    private static string? SystemOf(PrimitiveType primitive)
    {
        if (!primitive.GetType().IsGenericType || primitive.GetType().GetProperty("Value", BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly) is not { } value)
        {
            return null;
        }

        try
        {
            return value.GetValue(primitive) is Enum literal ? literal.GetSystem() : null;
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }

    private static TokenEntry Token(string name, string? system, string code) =>
        new(name, system is null ? null : TextNormalizer.Truncate(system, MaxValueLength), TextNormalizer.Truncate(code, MaxValueLength));

    private static void AddStrings(List<StringEntry> strings, string name, Base? value)
    {
        switch (value)
        {
            case HumanName human:
                AddString(strings, name, human.Text);
                AddString(strings, name, human.Family);
                foreach (var part in human.Given.Concat(human.Prefix).Concat(human.Suffix))
                {
                    AddString(strings, name, part);
                }

                break;
            case Address address:
                AddString(strings, name, address.Text);
                foreach (var part in address.Line.Append(address.City).Append(address.District).Append(address.State).Append(address.PostalCode).Append(address.Country))
                {
                    AddString(strings, name, part);
                }

                break;
            case PrimitiveType { JsonValue: { } text }:
                AddString(strings, name, text.ToString());
                break;
        }
    }

    private static void AddString(List<StringEntry> strings, string name, string? text)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            strings.Add(new StringEntry(name, TextNormalizer.Truncate(TextNormalizer.Normalize(text), MaxValueLength), TextNormalizer.Truncate(text, MaxValueLength)));
        }
    }

    private static void AddDate(List<DateEntry> dates, string name, Base? value)
    {
        switch (value)
        {
            case Period period:
                var start = FhirDateRange.TryParse(period.Start, out var s) ? s.Start : DateTimeOffset.MinValue;
                var end = FhirDateRange.TryParse(period.End, out var e) ? e.End : DateTimeOffset.MaxValue;
                if (period.Start is not null || period.End is not null)
                {
                    dates.Add(new DateEntry(name, start, end));
                }

                break;
            case Timing timing:
                var events = timing.EventElement.Select(x => FhirDateRange.TryParse(x.Value, out var r) ? r : (FhirDateRange?)null).OfType<FhirDateRange>().ToList();
                if (events.Count > 0)
                {
                    dates.Add(new DateEntry(name, events.Min(x => x.Start), events.Max(x => x.End)));
                }

                break;
            case PrimitiveType { JsonValue: { } text } when FhirDateRange.TryParse(text.ToString(), out var range):
                dates.Add(new DateEntry(name, range.Start, range.End));
                break;
        }
    }

    private static void AddReference(List<ReferenceEntry> references, string name, Base? value)
    {
        var text = value switch
        {
            ResourceReference reference => reference.Reference,
            PrimitiveType { JsonValue: { } uri } => uri.ToString(),
            _ => null,
        };
        if (string.IsNullOrEmpty(text) || text.StartsWith('#'))
        {
            return;
        }

        references.Add(ReferenceParser.Parse(name, text));
    }
}
