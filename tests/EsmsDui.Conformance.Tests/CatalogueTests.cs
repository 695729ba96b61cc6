using System.Text.RegularExpressions;
using EsmsDui.Conformance.Requirements;
using EsmsDui.Conformance.Runner;

namespace EsmsDui.Conformance.Tests;

/// <summary>The requirements catalogue and the tests agree: every test verifies requirements, every requirement is tested or says why not.</summary>
public sealed partial class CatalogueTests
{
    private static readonly RequirementCatalogue Catalogue = RequirementCatalogue.Load(Path.Combine(RepositoryFolders.Root, "conformance", "requirements"));

    [Fact]
    public void The_catalogue_holds_at_least_80_requirements_each_with_its_source_and_strength()
    {
        Assert.True(Catalogue.All.Count >= 80, $"{Catalogue.All.Count} requirements.");
        Assert.All(Catalogue.All, r =>
        {
            Assert.Matches(RequirementId(), r.Id);
            Assert.Contains(r.Conformance, new[] { "SHALL", "SHOULD", "MAY" });
            Assert.False(string.IsNullOrWhiteSpace(r.Text), r.Id);
            Assert.False(string.IsNullOrWhiteSpace(r.Source), r.Id);
            Assert.False(string.IsNullOrWhiteSpace(r.Url), r.Id);
            Assert.False(string.IsNullOrWhiteSpace(r.Actor), r.Id);
        });
    }

    [Fact]
    public void Every_requirement_has_a_test_or_a_reason_why_none_can_verify_it()
    {
        Assert.All(Catalogue.All, r => Assert.True(r.Tests.Count > 0 ^ r.NotTestedReason.Length > 0, $"{r.Id}: tests '{string.Join(' ', r.Tests)}', reason '{r.NotTestedReason}'."));
    }

    [Fact]
    public void Every_test_has_a_stable_numbered_id_in_its_group_and_verifies_catalogued_requirements()
    {
        Assert.Equal(ConformanceSuite.Tests.Count(), ConformanceSuite.Tests.Select(t => t.Id).Distinct().Count());
        foreach (var group in ConformanceSuite.Groups)
        {
            Assert.All(group.Tests, t => Assert.Matches($"^{group.Number}\\.\\d{{2}}$", t.Id));
        }

        Assert.All(ConformanceSuite.Tests, t =>
        {
            Assert.NotEmpty(t.Requirements);
            Assert.All(t.Requirements, r => Assert.True(Catalogue.ById.ContainsKey(r), $"{t.Id} names {r}, which the catalogue does not hold."));
        });
    }

    [Fact]
    public void The_catalogue_names_the_same_tests_as_the_tests_declare()
    {
        var declared = ConformanceSuite.Tests.SelectMany(t => t.Requirements.Select(r => (Requirement: r, Test: t.Id))).ToHashSet();
        var catalogued = Catalogue.All.SelectMany(r => r.Tests.Select(t => (Requirement: r.Id, Test: t))).ToHashSet();

        Assert.Empty(catalogued.Except(declared).Select(p => $"{p.Requirement} lists {p.Test}, which does not declare it"));
        Assert.Empty(declared.Except(catalogued).Select(p => $"{p.Test} declares {p.Requirement}, whose line does not list it"));
    }

    [Fact]
    public void The_program_ships_the_catalogue_of_the_repository()
    {
        Assert.Equal(Catalogue.All.Select(r => r.Id), RequirementCatalogue.Shipped().All.Select(r => r.Id));
    }

    [GeneratedRegex("^[a-z0-9-]+@[0-9]+$")]
    private static partial Regex RequirementId();
}
