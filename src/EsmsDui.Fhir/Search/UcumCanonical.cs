using System.Globalization;
using Fhir.Metrics;

namespace EsmsDui.Fhir.Search;

/// <summary>UCUM quantities in canonical (base) units, so that <c>5 mg</c> and <c>0.005 g</c> compare equal.</summary>
public static class UcumCanonical
{
    /// <summary>The UCUM code system.</summary>
    public const string System = "http://unitsofmeasure.org";

    /// <summary>The quantity in canonical units, or null when the unit is not UCUM or does not convert.</summary>
    public static (decimal Value, string Code)? Convert(decimal value, string? system, string? code)
    {
        if (system != System || string.IsNullOrEmpty(code))
        {
            return null;
        }

        try
        {
            return FhirMetricService.Instance.Value.TryCanonicalize((value.ToString(CultureInfo.InvariantCulture), code, system), out var canonical)
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
