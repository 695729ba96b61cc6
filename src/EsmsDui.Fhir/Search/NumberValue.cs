using System.Globalization;

namespace EsmsDui.Fhir.Search;

/// <summary>
/// A number of a search with its prefix and the implicit range its precision gives: <c>100</c> stands for
/// [99.5, 100.5), <c>100.0</c> for [99.95, 100.05), <c>1e2</c> for [50, 150).
/// </summary>
/// <param name="Prefix">The comparison.</param>
/// <param name="Value">The number as written.</param>
/// <param name="Low">Inclusive low end of the implicit range.</param>
/// <param name="High">Exclusive high end of the implicit range.</param>
public sealed record NumberValue(SearchPrefix Prefix, decimal Value, decimal Low, decimal High)
{
    /// <summary>Parses a number without prefix; false when it is not a FHIR decimal.</summary>
    public static bool TryParse(SearchPrefix prefix, string text, out NumberValue value)
    {
        value = null!;
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var exponentAt = text.IndexOfAny(['e', 'E']);
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(text[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var decimals = (point < 0 ? 0 : mantissa.Length - point - 1) - exponent;
        var half = decimals >= 0 ? 0.5m / Pow10(decimals) : 0.5m * Pow10(-decimals);
        value = new NumberValue(prefix, number, number - half, number + half);
        return true;
    }

    /// <summary>The same comparison on a value converted by a linear factor (a unit conversion).</summary>
    public NumberValue Scale(decimal factor) => factor >= 0
        ? new(Prefix, Value * factor, Low * factor, High * factor)
        : new(Prefix, Value * factor, High * factor, Low * factor);

    private static decimal Pow10(int power)
    {
        var result = 1m;
        for (var i = 0; i < Math.Min(power, 28); i++)
        {
            result *= 10;
        }

        return result;
    }
}
