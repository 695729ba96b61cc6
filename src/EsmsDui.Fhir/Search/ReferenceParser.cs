using EsmsDui.Fhir.Primitives;
using EsmsDui.Fhir.Storage;
namespace EsmsDui.Fhir.Search;

/// <summary>Splits a reference into type and id when it is relative (<c>Patient/1</c>, <c>Patient/1/_history/2</c>).</summary>
public static class ReferenceParser
{
    /// <summary>A reference entry: relative ones get type and id, anything else is kept as a URL.</summary>
    public static ReferenceEntry Parse(string parameter, string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var parts = reference.Split('/');
        if (parts.Length is 2 or 4 && ResourceIds.IsKnownType(parts[0]) && ResourceIds.IsValid(parts[1]) && (parts.Length == 2 || parts[2] == "_history"))
        {
            return new ReferenceEntry(parameter, parts[0], parts[1], null);
        }

        return new ReferenceEntry(parameter, null, null, TextNormalizer.Truncate(reference, SearchIndexer.MaxUrlLength));
    }
}
