using System.Globalization;
using System.Text;

namespace EsmsDui.Fhir.Search;

/// <summary>
/// Folds text for string search: case- and accent-insensitive ("Hélène" matches <c>name=helene</c>),
/// ligatures spelled out (œ → oe), runs of white space collapsed.
/// </summary>
public static class TextNormalizer
{
    /// <summary>The folded form of a text.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            switch (c)
            {
                case 'œ' or 'Œ':
                    builder.Append("oe");
                    break;
                case 'æ' or 'Æ':
                    builder.Append("ae");
                    break;
                case 'ß':
                    builder.Append("ss");
                    break;
                default:
                    builder.Append(char.ToLowerInvariant(c));
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Cuts a value to a column size.</summary>
    public static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
