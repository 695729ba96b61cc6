using System.Reflection;
using EsmsDui.Fhir.Primitives;
using EsmsDui.Fhir.Storage;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace EsmsDui.Fhir.Search;

/// <summary>Turns one value a search parameter selects into index entries: tokens, strings, date ranges, references, numbers, quantities.</summary>
internal static class IndexValues
{
    /// <summary>Adds the entries of one value of <paramref name="parameter"/>, by the parameter's type.</summary>
    public static void Add(SearchIndexEntries entries, SearchParameterInfo parameter, Base? value)
    {
        switch (parameter.Type)
        {
            case SearchParamType.Token:
                AddTokens(entries.Tokens, parameter.Name, value);
                AddTokenExtras(entries, parameter.Name, value);
                break;
            case SearchParamType.Uri when value is PrimitiveType { JsonValue: { } uri }:
                entries.Tokens.Add(new TokenEntry(parameter.Name, null, TextNormalizer.Truncate(uri.ToString()!, SearchIndexer.MaxUrlLength)));
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

    private static string? Cut(string? text) => text is null ? null : TextNormalizer.Truncate(text, SearchIndexer.MaxValueLength);

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
        new(name, system is null ? null : TextNormalizer.Truncate(system, SearchIndexer.MaxValueLength), TextNormalizer.Truncate(code, SearchIndexer.MaxValueLength));

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
            strings.Add(new StringEntry(name, TextNormalizer.Truncate(TextNormalizer.Normalize(text), SearchIndexer.MaxValueLength), TextNormalizer.Truncate(text, SearchIndexer.MaxValueLength)));
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
