using System.Text;
using System.Text.Json;
using EsmsDui.Fhir.Errors;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Serialization;

/// <summary>
/// What FHIR forbids in a JSON body and the SDK's parser lets through, checked in one pass before parsing: strings
/// with characters below U+0020 other than tab, CR and LF, or that no FHIR format can carry (U+FFFE, U+FFFF, a lone
/// surrogate: the XML form of the resource could not be written), and numbers with more significant digits than a
/// FHIR decimal keeps (they would be stored rounded without a word).
/// </summary>
public static class JsonInputRules
{
    /// <summary>The significant digits a stored decimal keeps (System.Decimal).</summary>
    public const int MaxSignificantDigits = 28;

    private const int Echoed = 40;

    /// <summary>400 (<see cref="FhirException"/>, Invalid) naming the first value breaking a rule.</summary>
    public static void Check(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.String or JsonTokenType.PropertyName when reader.ValueIsEscaped:
                        CheckText(reader.GetString()!);
                        break;
                    case JsonTokenType.Number:
                        CheckNumber(reader.HasValueSequence ? Encoding.UTF8.GetString(reader.ValueSequence) : Encoding.UTF8.GetString(reader.ValueSpan));
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed JSON is the parser's to report, with its position.
        }
    }

    private static void CheckText(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var allowed = c switch
            {
                '\t' or '\r' or '\n' => true,
                < ' ' or '\uFFFE' or '\uFFFF' => false,
                _ when char.IsHighSurrogate(c) => i + 1 < text.Length && char.IsLowSurrogate(text[++i]),
                _ when char.IsLowSurrogate(c) => false,
                _ => true,
            };
            if (!allowed)
            {
                throw new FhirException(FhirErrorKind.Invalid,
                    $"A string holds the character U+{(int)text[i]:X4}, which FHIR does not allow (below U+0020 only tab, CR and LF are; U+FFFE, U+FFFF and lone surrogates never).",
                    OperationOutcome.IssueType.Value);
            }
        }
    }

    private static void CheckNumber(string number)
    {
        var mantissa = number.Split('e', 'E')[0].TrimStart('-').Replace(".", string.Empty, StringComparison.Ordinal).TrimStart('0');
        var exponent = number.Split('e', 'E') is [_, var e] && int.TryParse(e, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : 0;
        if (mantissa.Length > MaxSignificantDigits || !decimal.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _) || Math.Abs(exponent) > MaxSignificantDigits)
        {
            throw new FhirException(FhirErrorKind.Invalid,
                $"The number {(number.Length > Echoed ? number[..Echoed] + "…" : number)} ({number.Length} characters) has more precision or range than this server keeps ({MaxSignificantDigits} significant digits): it would be stored rounded.",
                OperationOutcome.IssueType.Value);
        }
    }
}
