using System.Formats.Tar;
using System.IO.Compression;
using EsmsDui.Fhir.Packages;

namespace EsmsDui.Fhir.UnitTests.Packages;

/// <summary>Loading the official packages of <c>../shared/fhir-packages</c> (never copied into the project).</summary>
public sealed class PackageResolverTests
{
    private static readonly string SharedPackagesFolder = SharedPackages.Folder;

    [Fact]
    public async Task The_manifest_of_the_project_resolves_with_every_dependency_and_the_documented_substitutions()
    {
        var problems = new List<string>();
        var manifest = PackageManifest.Locate(Path.Combine("profiles", "packages.json"));
        var available = await PackageCatalog.ScanAsync([SharedPackagesFolder, Path.GetDirectoryName(manifest)!], problems, CancellationToken.None);
        var roots = await PackageManifest.ReadAsync(manifest, CancellationToken.None);

        var resolution = PackageResolver.Resolve(roots, available);

        Assert.Empty(problems);
        Assert.Empty(resolution.Missing);
        Assert.Equal(["hl7.fhir.fr.core#2.1.0", "ans.fhir.fr.tddui#2.2.0", "ans.fhir.fr.pdsm#3.1.1", "ans.fhir.fr.eprescription#1.1.0-ballot", "esmsdui.fhir#0.1.0"], resolution.Loaded.Take(5).Select(p => p.Key));
        Assert.Contains(resolution.Loaded, p => p.Key == "ihe.iti.mhd#4.2.0");
        Assert.Contains("hl7.fhir.uv.extensions.r4#5.1.0 → hl7.fhir.uv.extensions.r4#5.2.0 (for hl7.fhir.fr.core#2.1.0)", resolution.Substitutions);
        Assert.Contains("hl7.fhir.uv.extensions#5.2.0 → hl7.fhir.uv.extensions.r4#5.2.0 (for ans.fhir.fr.tddui#2.2.0)", resolution.Substitutions);
        Assert.Contains("ans.fr.terminologies#1.4.0 → ans.fr.terminologies#1.7.0 (for ans.fhir.fr.tddui#2.2.0)", resolution.Substitutions);
        var frCore = resolution.Loaded[0];
        Assert.Contains(frCore.Resources, r => r is { ResourceType: "StructureDefinition", Url: "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient" });
    }

    [Fact]
    public async Task A_missing_dependency_is_named_with_the_package_that_needs_it()
    {
        var tddui = await FhirPackageReader.ReadArchiveAsync(Path.Combine(SharedPackagesFolder, "ans.fhir.fr.tddui-2.2.0.tgz"), CancellationToken.None);

        var resolution = PackageResolver.Resolve([("ans.fhir.fr.tddui", "2.2.0"), ("not.published", "1.0.0")], [tddui]);

        Assert.Contains("hl7.fhir.fr.core#2.1.0 (needed by ans.fhir.fr.tddui#2.2.0)", resolution.Missing);
        Assert.Contains("not.published#1.0.0", resolution.Missing);
        Assert.Equal([tddui], resolution.Loaded);
    }

    [Fact]
    public async Task An_unpacked_package_cache_folder_reads_the_same_as_its_archive()
    {
        var archive = Path.Combine(SharedPackagesFolder, "hl7.fhir.fr.core-2.1.0.tgz");
        var cache = Directory.CreateTempSubdirectory("esmsdui-packages-");
        try
        {
            var folder = Path.Combine(cache.FullName, "hl7.fhir.fr.core#2.1.0");
            Directory.CreateDirectory(folder);
            await using (var file = File.OpenRead(archive))
            await using (var gzip = new GZipStream(file, CompressionMode.Decompress))
            {
                await TarFile.ExtractToDirectoryAsync(gzip, folder, overwriteFiles: true);
            }

            var fromArchive = await FhirPackageReader.ReadArchiveAsync(archive, CancellationToken.None);
            var found = await PackageCatalog.ScanAsync([cache.FullName], [], CancellationToken.None);

            var fromFolder = Assert.Single(found);
            Assert.Equal(fromArchive.Key, fromFolder.Key);
            Assert.Equal(fromArchive.Resources.Select(r => r.Path).Order(StringComparer.Ordinal), fromFolder.Resources.Select(r => r.Path).Order(StringComparer.Ordinal));
        }
        finally
        {
            cache.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task An_unreadable_archive_is_reported_and_the_others_still_load()
    {
        var folder = Directory.CreateTempSubdirectory("esmsdui-packages-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "broken-1.0.0.tgz"), "not a gzip stream");
            File.Copy(Path.Combine(SharedPackagesFolder, "ihe.formatcode.fhir-1.1.0.tgz"), Path.Combine(folder.FullName, "ihe.formatcode.fhir-1.1.0.tgz"));
            var problems = new List<string>();

            var found = await PackageCatalog.ScanAsync([folder.FullName, Path.Combine(folder.FullName, "absent")], problems, CancellationToken.None);

            Assert.Equal("ihe.formatcode.fhir#1.1.0", Assert.Single(found).Key);
            Assert.Equal(2, problems.Count);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
