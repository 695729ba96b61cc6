using EsmsDui.Fhir.UnitTests.Packages;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.UnitTests.Validation;

/// <summary>
/// Every example shipped in the official packages (and <c>../shared/fhir-packages/examples</c>) validates with no
/// error against the profiles it declares, except the ones listed here, each for a stated reason.
/// </summary>
public sealed class PackageExamplesTests(ConformanceFixture fixture, FrCore22Fixture frCore22) : IClassFixture<ConformanceFixture>, IClassFixture<FrCore22Fixture>
{
    // Defects of the published examples, or a difference of the Firely validator (see the issue 4 closing note).
    private static readonly Dictionary<string, string> KnownFailures = new(StringComparer.Ordinal)
    {
        ["ans.fhir.fr.pdsm#3.1.1/package/example/DocumentReference-exemple-pdsm-documentreference.json"] = "dom-3 (a contained resource not referred to), invalid XHTML in the narrative, an author reference that the profile wants contained",
        ["ans.fhir.fr.pdsm#3.1.1/package/example/List-ExampleFolder.json"] = "two identifiers match the uniqueId slice (0..1): the slice's pattern is looser than the example assumes",
        ["ans.fhir.fr.pdsm#3.1.1/package/example/List-ExampleSubmissionSet.json"] = "dom-4 (meta.lastUpdated in a contained resource), an XHTML anchor name with '/', and the uniqueId slice as above",
    };

    [Fact]
    public void Examples_of_FR_Core_2_1_TDDUI_PDSm_and_the_shared_TDDUI_folder_validate_without_error()
    {
        var examples = Examples(fixture, fixture.Packages.Packages.Take(3))
            .Concat(Directory.EnumerateFiles(Path.Combine(SharedPackages.Folder, "examples"), "*.json", SearchOption.AllDirectories)
                .Select(f => (Name: Path.GetRelativePath(SharedPackages.Folder, f).Replace('\\', '/'), Json: File.ReadAllBytes(f))))
            .ToList();

        var failures = Failures(fixture, examples);

        Assert.True(examples.Count >= 12 + 8 + 52, $"only {examples.Count} examples found");
        Assert.Equal(KnownFailures.Keys.Order(StringComparer.Ordinal), failures.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Examples_of_FR_Core_2_2_validate_against_FR_Core_2_2_without_error()
    {
        var examples = Examples(frCore22, frCore22.Packages.Packages.Take(1)).ToList();

        var failures = Failures(frCore22, examples);

        Assert.Equal(31, examples.Count);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Select(f => $"{f.Key}: {f.Value}")));
    }

    // ePrescription 1.1.0-ballot: no example is free of the defects the shared README lists; each error must be one of them.
    private static readonly string[] EPrescriptionDefects =
    [
        "constraint ref-1", // local references without the contained resource
        "constraint tim-6", "constraint tim-8", "constraint tim-10", "constraint rat-1",
        "RequestGroup.action.retaledAction", // a typo in an extension context
        "is not one of the allowed target types", // a reference to a MedicationRequest where a Medication is expected
        "group is closed. (for slice @default)", // medication[x] matches no slice of fr-medication-noncompound's closed slicing
        "cannot contain text", // XHTML narrative text directly in a <table>/<ul>
        "Missing required member: 'family' (for slice officialName)",
    ];

    [Fact]
    public void Examples_of_ePrescription_fail_only_on_the_documented_defects_of_the_ballot()
    {
        var examples = Examples(fixture, fixture.Packages.Packages.Where(p => p.Name == "ans.fhir.fr.eprescription")).ToList();

        var failures = Failures(fixture, examples);

        Assert.Equal(85, examples.Count);
        var unexplained = failures.SelectMany(f => f.Value.Split(" / ").Where(e => !EPrescriptionDefects.Any(d => e.Contains(d, StringComparison.Ordinal))).Select(e => $"{f.Key}: {e}")).ToList();
        Assert.True(unexplained.Count == 0, string.Join("\n", unexplained));
    }

    private static IEnumerable<(string Name, byte[] Json)> Examples(ConformanceFixture source, IEnumerable<EsmsDui.Fhir.Packages.FhirPackage> packages) =>
        packages.SelectMany(p => p.Resources.Where(r => r.Path.StartsWith("package/example/", StringComparison.Ordinal)).Select(r => ($"{p.Key}/{r.Path}", r.ReadJson())));

    private static Dictionary<string, string> Failures(ConformanceFixture source, IEnumerable<(string Name, byte[] Json)> examples)
    {
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, json) in examples)
        {
            var outcome = source.Validator.Validate(source.Serializer.ParseJson(json), [], declaredProfiles: true);
            var errors = outcome.Issue.Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal).ToList();
            if (errors.Count > 0)
            {
                failures[name] = string.Join(" / ", errors.Select(e => $"{e.Expression.FirstOrDefault()}: {e.Details?.Text}"));
            }
        }

        return failures;
    }
}

/// <summary>The validator over FR Core 2.2.0 (and its dependencies) instead of the project's manifest.</summary>
public sealed class FrCore22Fixture() : ConformanceFixture(new Dictionary<string, string> { ["hl7.fhir.fr.core"] = "2.2.0" });
