using System.Globalization;
using System.Text.RegularExpressions;

namespace EsmsDui.Fhir.Primitives;

/// <summary>
/// The period a FHIR date, dateTime or instant stands for: <c>2024</c> is the whole year, <c>2024-03-05T10:00Z</c>
/// the whole minute. Dates without a time zone are taken as UTC.
/// </summary>
/// <param name="Start">The first instant of the period.</param>
/// <param name="End">The last instant of the period (inclusive, to the tick).</param>
public readonly partial record struct FhirDateRange(DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>Parses a FHIR date/dateTime/instant; false when the text is not one.</summary>
    public static bool TryParse(string? text, out FhirDateRange range)
    {
        range = default;
        var match = text is null ? null : Pattern().Match(text);
        if (match is null || !match.Success)
        {
            return false;
        }

        try
        {
            var year = Int(match, "y");
            var month = match.Groups["m"].Success ? Int(match, "m") : 1;
            var day = match.Groups["d"].Success ? Int(match, "d") : 1;
            var hour = match.Groups["h"].Success ? Int(match, "h") : 0;
            var minute = match.Groups["min"].Success ? Int(match, "min") : 0;
            var second = match.Groups["s"].Success ? Int(match, "s") : 0;
            var fraction = match.Groups["f"].Success ? match.Groups["f"].Value : string.Empty;
            var offset = Offset(match.Groups["z"].Value);
            var start = new DateTimeOffset(year, month, day, hour, minute, second, offset);
            if (fraction.Length > 0)
            {
                start = start.AddTicks(long.Parse(fraction.PadRight(7, '0')[..7], CultureInfo.InvariantCulture));
            }

            var end = (match.Groups["f"].Success ? start.AddTicks(Precision(fraction.Length))
                : match.Groups["s"].Success ? start.AddSeconds(1)
                : match.Groups["min"].Success ? start.AddMinutes(1)
                : match.Groups["d"].Success ? start.AddDays(1)
                : match.Groups["m"].Success ? start.AddMonths(1)
                : start.AddYears(1)).AddTicks(-1);
            range = new FhirDateRange(start.ToUniversalTime(), end.ToUniversalTime());
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static long Precision(int digits) => digits >= 7 ? 1 : (long)Math.Pow(10, 7 - digits);

    private static int Int(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    private static TimeSpan Offset(string zone)
    {
        if (zone.Length == 0 || zone == "Z")
        {
            return TimeSpan.Zero;
        }

        var sign = zone[0] == '-' ? -1 : 1;
        return sign * new TimeSpan(int.Parse(zone[1..3], CultureInfo.InvariantCulture), int.Parse(zone[4..6], CultureInfo.InvariantCulture), 0);
    }

    [GeneratedRegex(@"^(?<y>\d{4})(-(?<m>\d{2})(-(?<d>\d{2})(T(?<h>\d{2}):(?<min>\d{2})(:(?<s>\d{2})(\.(?<f>\d{1,9}))?)?(?<z>Z|[+-]\d{2}:\d{2})?)?)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
