using System.Xml.Linq;

namespace EsmsDui.ArchitectureTests;

/// <summary>Test projects share fixtures through <c>EsmsDui.TestSupport</c> only: none references another or compiles another's files (they test <c>src/</c> and the conformance suite).</summary>
public sealed class TestProjectTests
{
    private const string Support = "EsmsDui.TestSupport";

    [Fact]
    public void Test_projects_share_only_through_the_test_support_project()
    {
        Assert.Empty(Crossings(Repository.Root));
    }

    [Fact]
    public void A_test_project_that_uses_another_is_caught()
    {
        Repository.WithProbe(
            new Dictionary<string, string>
            {
                ["tests/A/A.csproj"] = """
                    <Project>
                      <ItemGroup>
                        <ProjectReference Include="../B/B.csproj" />
                        <ProjectReference Include="../EsmsDui.TestSupport/EsmsDui.TestSupport.csproj" />
                        <ProjectReference Include="../../src/EsmsDui.Fhir/EsmsDui.Fhir.csproj" />
                        <Compile Include="../B/Fixture.cs" />
                      </ItemGroup>
                    </Project>
                    """,
            },
            root => Assert.Equal(["A references ../B/B.csproj", "A compiles ../B/Fixture.cs"], Crossings(root)));
    }

    private static List<string> Crossings(string root)
    {
        var crossings = new List<string>();
        foreach (var name in Repository.Projects(root, "tests"))
        {
            var project = XDocument.Load(Path.Combine(root, "tests", name, name + ".csproj"));
            crossings.AddRange(project.Descendants("ProjectReference")
                .Select(r => (string)r.Attribute("Include")!)
                .Where(path => !path.StartsWith("../../src/", StringComparison.Ordinal) && !path.StartsWith("../../conformance/", StringComparison.Ordinal) && Path.GetFileNameWithoutExtension(path) != Support)
                .Select(path => $"{name} references {path}"));
            crossings.AddRange(project.Descendants("Compile")
                .Select(c => (string?)c.Attribute("Include"))
                .Where(path => path is not null && path.StartsWith("..", StringComparison.Ordinal))
                .Select(path => $"{name} compiles {path}"));
        }

        return crossings;
    }
}
