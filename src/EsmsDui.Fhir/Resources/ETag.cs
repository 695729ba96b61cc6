using EsmsDui.Fhir.Errors;

namespace EsmsDui.Fhir.Resources;

/// <summary>Weak ETags of FHIR (<c>W/"3"</c>) carry the version id.</summary>
public static class ETag
{
    /// <summary>Formats a version id as a weak ETag.</summary>
    public static string Format(int versionId) => $"W/\"{versionId}\"";

    /// <summary>Reads the version id of an ETag such as <c>W/"3"</c>, <c>"3"</c> or <c>3</c>; 400 when it is not one.</summary>
    public static int Parse(string value)
    {
        var text = value.Trim();
        if (text.StartsWith("W/", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        text = text.Trim('"');
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) && version > 0
            ? version
            : throw new FhirException(FhirErrorKind.Invalid, $"'{value}' is not a version ETag such as W/\"1\".");
    }
}
