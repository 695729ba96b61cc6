using EsmsDui.Connectors.Documents.Xds;

namespace EsmsDui.Connectors.Documents.Xdm;

/// <summary>One submission of an XDM medium: its folder (<c>IHE_XDM/SUBSET01</c>), metadata and document files by URI.</summary>
/// <param name="Folder">The subset's folder in the zip.</param>
/// <param name="Submission">Its METADATA.XML.</param>
/// <param name="Documents">The content of each document, by its URI (file name in the folder).</param>
public sealed record XdmSubset(string Folder, XdsSubmissionSet Submission, IReadOnlyDictionary<string, byte[]> Documents);
