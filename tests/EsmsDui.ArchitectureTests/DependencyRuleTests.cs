using System.Reflection;

namespace EsmsDui.ArchitectureTests;

/// <summary>
/// The dependency rule of the architecture (§2): Server references everything, nothing references Server,
/// the engine references no other project of ours, storage and the DUI domain reference only the engine, security
/// the engine and the storage that holds its clients and tokens.
/// </summary>
public sealed class DependencyRuleTests
{
    public static TheoryData<string, string[]> Allowed => new()
    {
        { "EsmsDui.Fhir", [] },
        { "EsmsDui.Dossier", ["EsmsDui.Fhir"] },
        { "EsmsDui.Connectors.Insi", ["EsmsDui.Dossier", "EsmsDui.Fhir"] },
        { "EsmsDui.Connectors.Documents", [] },
        { "EsmsDui.Connectors.MsSante", ["EsmsDui.Connectors.Documents", "EsmsDui.Dossier", "EsmsDui.Fhir"] },
        { "EsmsDui.Storage", ["EsmsDui.Fhir"] },
        { "EsmsDui.Security", ["EsmsDui.Storage", "EsmsDui.Fhir"] },
        { "EsmsDui.Storage.Sqlite", ["EsmsDui.Storage", "EsmsDui.Fhir"] },
        { "EsmsDui.Storage.PostgreSql", ["EsmsDui.Storage", "EsmsDui.Fhir"] },
        { "EsmsDui.Storage.SqlServer", ["EsmsDui.Storage", "EsmsDui.Fhir"] },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Projects_reference_only_what_the_architecture_allows(string assembly, string[] allowed)
    {
        var references = Assembly.Load(assembly).GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(name => name.StartsWith("EsmsDui", StringComparison.Ordinal))
            .ToList();
        Assert.All(references, name => Assert.Contains(name, allowed));
    }

    [Fact]
    public void Nothing_references_the_server()
    {
        var ours = Allowed.Select(row => Assembly.Load((string)row[0]));
        Assert.All(ours, a => Assert.DoesNotContain(a.GetReferencedAssemblies(), r => r.Name == "EsmsDui.Server"));
    }
}
