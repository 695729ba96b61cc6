namespace EsmsDui.Fhir.Packages;

/// <summary>A FHIR NPM package as read from a <c>.tgz</c> file or a package-cache folder: its manifest and an index of its resources.</summary>
/// <param name="Name">The package id (<c>hl7.fhir.fr.core</c>).</param>
/// <param name="Version">Its version (<c>2.1.0</c>).</param>
/// <param name="Dependencies">Package id → version, as its <c>package.json</c> declares them.</param>
/// <param name="Source">The file or folder it was read from.</param>
/// <param name="Resources">The conformance and example resources of its <c>package/</c> folder.</param>
public sealed record FhirPackage(string Name, string Version, IReadOnlyDictionary<string, string> Dependencies, string Source, IReadOnlyList<PackageResource> Resources)
{
    /// <summary><c>name#version</c>, the way the FHIR package cache names it.</summary>
    public string Key => $"{Name}#{Version}";
}

/// <summary>One resource of a package, indexed without parsing it with the FHIR model.</summary>
/// <param name="Path">Its path inside the package (<c>package/StructureDefinition-x.json</c>).</param>
/// <param name="ResourceType">Its type.</param>
/// <param name="Id">Its id, when it has one.</param>
/// <param name="Url">Its canonical URL, for conformance resources.</param>
/// <param name="Version">Its business version, when given.</param>
public sealed record PackageResource(string Path, string ResourceType, string? Id, string? Url, string? Version)
{
    /// <summary>Its JSON, Brotli-compressed: the loaded packages hold ~180 MB of JSON, ~10× less this way.</summary>
    public byte[] CompressedJson { get; init; } = [];

    /// <summary>Its JSON (UTF-8).</summary>
    public byte[] ReadJson()
    {
        using var input = new MemoryStream(CompressedJson, writable: false);
        using var brotli = new System.IO.Compression.BrotliStream(input, System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream(CompressedJson.Length * 8);
        brotli.CopyTo(output);
        return output.ToArray();
    }
}
