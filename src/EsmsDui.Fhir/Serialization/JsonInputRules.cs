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
                        CheckText(Unescaped(ref reader));
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

    // An escape the reader cannot turn into UTF-16 text (a lone surrogate) is a forbidden character too.
    private static string Unescaped(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Forbidden(0xD800);
        }
    }

    private static FhirException Forbidden(int character) => new(FhirErrorKind.Invalid,
        $"A string holds the character U+{character:X4}, which FHIR does not allow (below U+0020 only tab, CR and LF are; U+FFFE, U+FFFF and lone surrogates never).",
        OperationOutcome.IssueType.Value);

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
                throw Forbidden(text[i]);
            }
        }
    }

    // The digits a decimal keeps: at most 28 significant ones and 28 after the point (the exponent counted).
    private static void CheckNumber(string number)
    {
        var parts = number.Split('e', 'E');
        var exponent = parts.Length == 2 && int.TryParse(parts[1], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var e) ? e : 0;
        var point = parts[0].IndexOf('.', StringComparison.Ordinal);
        var fraction = point < 0 ? 0 : parts[0].Length - point - 1;
        var significant = parts[0].TrimStart('-').Replace(".", string.Empty, StringComparison.Ordinal).TrimStart('0').Length;
        var kept = parts.Length <= 2 && significant <= MaxSignificantDigits && (long)fraction - exponent <= MaxSignificantDigits
            && decimal.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
        if (!kept)
        {
            throw new FhirException(FhirErrorKind.Invalid,
                $"The number {(number.Length > Echoed ? number[..Echoed] + "…" : number)} ({number.Length} characters) has more precision or range than this server keeps ({MaxSignificantDigits} significant digits, {MaxSignificantDigits} after the point): it would be stored rounded.",
                OperationOutcome.IssueType.Value);
        }
    }
}
