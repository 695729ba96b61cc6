namespace EsmsDui.Fhir.Search;

/// <summary>
/// Index names of the values behind modifiers that need their own rows: <c>:text</c> (display text of codes),
/// <c>:of-type</c> (identifier type and value), <c>:identifier</c> (the identifier of a reference) and the values
/// of contained resources (<c>_contained</c>).
/// </summary>
public static class SearchModifiers
{
    /// <summary>Rows of <c>name:text</c> (strings).</summary>
    public static string Text(string indexName) => indexName + ":text";

    /// <summary>Rows of <c>name:of-type</c> (tokens: type system, <c>typeCode|value</c>).</summary>
    public static string OfType(string indexName) => indexName + ":of-type";

    /// <summary>Rows of <c>name:identifier</c> (tokens: identifier system and value).</summary>
    public static string Identifier(string indexName) => indexName + ":identifier";

    /// <summary>
    /// Rows of a parameter of a contained resource of <paramref name="containedType"/>, kept under its container's
    /// version (their group is the contained resource's position, so that every criterion of one <c>_contained</c>
    /// search meets the same contained resource). Other searches never see them: no parameter has this name.
    /// </summary>
    public static string Contained(string containedType, string indexName) => containedType + "#" + indexName;

    /// <summary>The code of an <c>:of-type</c> row.</summary>
    public static string OfTypeCode(string typeCode, string value) => typeCode + "|" + value;
}
