using System.Collections.Concurrent;
using System.Globalization;
using Fhir.Metrics;

namespace EsmsDui.Fhir.Search;

/// <summary>UCUM quantities in canonical (base) units, so that <c>5 mg</c> and <c>0.005 g</c> compare equal.</summary>
public static class UcumCanonical
{
    /// <summary>The UCUM code system.</summary>
    public const string System = "http://unitsofmeasure.org";

    // Conversions are linear for the units a search can compare (Celsius, with an offset, is left out): one factor
    // per unit, computed once, instead of a UCUM parse per value.
    private static readonly ConcurrentDictionary<string, (decimal Factor, string Code)?> Factors = new(StringComparer.Ordinal);

    /// <summary>The quantity in canonical units, or null when the unit is not UCUM or does not convert linearly.</summary>
    public static (decimal Value, string Code)? Convert(decimal value, string? system, string? code)
    {
        if (system != System || string.IsNullOrEmpty(code) || code.Length > 64)
        {
            return null;
        }

        return Factors.GetOrAdd(code, Factor) is { } unit ? (value * unit.Factor, unit.Code) : null;
    }

    private static (decimal Factor, string Code)? Factor(string code) =>
        Canonical(1m, code) is { } one && Canonical(0m, code) is { Value: 0m } ? one : null;

    private static (decimal Value, string Code)? Canonical(decimal value, string code)
    {
        try
        {
            return FhirMetricService.Instance.Value.TryCanonicalize((value.ToString(CultureInfo.InvariantCulture), code, System), out var canonical)
                && canonical is { } c
                && decimal.TryParse(c.value, NumberStyles.Float, CultureInfo.InvariantCulture, out var converted)
                ? (converted, c.unit)
                : null;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or OverflowException or KeyNotFoundException)
        {
            return null;
        }
    }
}
