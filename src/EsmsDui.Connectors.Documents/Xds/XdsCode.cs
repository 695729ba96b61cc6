namespace EsmsDui.Connectors.Documents.Xds;

/// <summary>A coded XDS metadata value: the code, its coding scheme (an OID or a URN) and its display name.</summary>
/// <param name="Code">The code (ebRIM <c>nodeRepresentation</c>).</param>
/// <param name="Scheme">The coding scheme (ebRIM <c>codingScheme</c> slot).</param>
/// <param name="Display">The display name (ebRIM <c>Name</c>).</param>
public sealed record XdsCode(string Code, string Scheme, string Display);
