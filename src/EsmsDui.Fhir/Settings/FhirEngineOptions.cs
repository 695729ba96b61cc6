namespace EsmsDui.Fhir.Settings;

/// <summary>Behaviour switches of the FHIR engine (configuration section <c>Fhir</c>).</summary>
public sealed class FhirEngineOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Fhir";

    /// <summary>Whether PUT on an unknown id creates the resource with that id (update as create).</summary>
    public bool AllowUpdateCreate { get; set; } = true;

    /// <summary>Page size when the client gives no <c>_count</c>.</summary>
    public int DefaultPageSize { get; set; } = 50;

    /// <summary>The largest page the server returns, whatever <c>_count</c> asks.</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>The most entries a batch or transaction Bundle may carry.</summary>
    public int MaxBundleEntries { get; set; } = 10_000;

    /// <summary>Folders holding FHIR packages (<c>.tgz</c> files or <c>id#version/package</c> folders); a list, so <c>Fhir__PackageFolders__0=/srv/fhir-packages</c>.</summary>
    public IList<string> PackageFolders { get; } = [];

    /// <summary>The manifest naming the packages to load (ids and versions).</summary>
    public string PackageManifest { get; set; } = Path.Combine("profiles", "packages.json");
}
