using System.Reflection;

namespace EsmsDui.ArchitectureTests;

/// <summary>
/// The dependency rule of the architecture (§2): Server references everything, nothing references Server,
/// the engine references no other project of ours, storage and the DUI domain reference only the engine, security
/// the engine and the storage that holds its clients and tokens. Every project of <c>src/</c> has a rule.
/// </summary>
public sealed class DependencyRuleTests
{
    /// <summary>Each project of <c>src/</c> with the projects of ours it may reference.</summary>
    private static readonly Dictionary<string, string[]> Rules = new(StringComparer.Ordinal)
    {
        ["EsmsDui.Fhir"] = [],
        ["EsmsDui.Dossier"] = ["EsmsDui.Fhir"],
        ["EsmsDui.Connectors.Insi"] = ["EsmsDui.Dossier", "EsmsDui.Fhir"],
        ["EsmsDui.Connectors.Documents"] = [],
        ["EsmsDui.Connectors.Records"] = ["EsmsDui.Connectors.Documents", "EsmsDui.Dossier", "EsmsDui.Fhir"],
        ["EsmsDui.Connectors.MsSante"] = ["EsmsDui.Connectors.Documents", "EsmsDui.Connectors.Records", "EsmsDui.Dossier", "EsmsDui.Fhir"],
        ["EsmsDui.Connectors.Dmp"] = ["EsmsDui.Connectors.Documents", "EsmsDui.Connectors.Records", "EsmsDui.Dossier", "EsmsDui.Fhir"],
        ["EsmsDui.Storage"] = ["EsmsDui.Fhir"],
        ["EsmsDui.Security"] = ["EsmsDui.Storage", "EsmsDui.Fhir"],
        ["EsmsDui.Storage.Sqlite"] = ["EsmsDui.Storage", "EsmsDui.Fhir"],
        ["EsmsDui.Storage.PostgreSql"] = ["EsmsDui.Storage", "EsmsDui.Fhir"],
        ["EsmsDui.Storage.SqlServer"] = ["EsmsDui.Storage", "EsmsDui.Fhir"],
        ["EsmsDui.Server"] =
        [
            "EsmsDui.Fhir", "EsmsDui.Dossier", "EsmsDui.Connectors.Insi", "EsmsDui.Connectors.Documents", "EsmsDui.Connectors.Records",
            "EsmsDui.Connectors.MsSante", "EsmsDui.Connectors.Dmp", "EsmsDui.Storage", "EsmsDui.Security", "EsmsDui.Storage.Sqlite",
            "EsmsDui.Storage.PostgreSql", "EsmsDui.Storage.SqlServer",
        ],
    };

    /// <summary>The projects that know neither the database nor HTTP: the engine, the domain, the document formats, INSi.</summary>
    private static readonly string[] WithoutEfCoreOrAspNetCore = ["EsmsDui.Fhir", "EsmsDui.Dossier", "EsmsDui.Connectors.Documents", "EsmsDui.Connectors.Insi", "EsmsDui.Connectors.Dmp"];

    public static TheoryData<string> Projects => new(Rules.Keys);

    public static TheoryData<string> FrameworkFree => new(WithoutEfCoreOrAspNetCore);

    [Theory]
    [MemberData(nameof(Projects))]
    public void Projects_reference_only_what_the_architecture_allows(string assembly)
    {
        var references = Ours(Assembly.Load(assembly));
        Assert.All(references, name => Assert.Contains(name, Rules[assembly]));
    }

    [Fact]
    public void Nothing_references_the_server()
    {
        Assert.All(Rules.Keys, name => Assert.DoesNotContain("EsmsDui.Server", Ours(Assembly.Load(name))));
    }

    [Fact]
    public void Every_src_project_has_a_rule()
    {
        Assert.Empty(Unruled(Repository.Root));
    }

    [Fact]
    public void A_src_project_without_a_rule_is_caught()
    {
        Repository.WithProbe(
            new Dictionary<string, string> { ["src/EsmsDui.Probe/EsmsDui.Probe.csproj"] = "<Project />" },
            root => Assert.Equal(["EsmsDui.Probe"], Unruled(root)));
    }

    [Theory]
    [MemberData(nameof(FrameworkFree))]
    public void The_engine_domain_and_formats_reference_neither_EF_Core_nor_ASP_NET_Core(string assembly)
    {
        Assert.Empty(DatabaseOrHttpReferences(Assembly.Load(assembly)));
        var project = File.ReadAllText(Path.Combine(Repository.Root, "src", assembly, assembly + ".csproj"));
        Assert.DoesNotContain("Microsoft.AspNetCore", project, StringComparison.Ordinal);
        Assert.DoesNotContain("EntityFrameworkCore", project, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_to_EF_Core_or_ASP_NET_Core_is_caught()
    {
        Assert.Contains(DatabaseOrHttpReferences(Assembly.Load("EsmsDui.Storage")), n => n.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        Assert.Contains(DatabaseOrHttpReferences(Assembly.Load("EsmsDui.Security")), n => n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    private static List<string> Ours(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(name => name.StartsWith("EsmsDui", StringComparison.Ordinal)).ToList();

    private static List<string> DatabaseOrHttpReferences(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(name => name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
                || name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
                || name.StartsWith("Npgsql", StringComparison.Ordinal))
            .ToList();

    private static List<string> Unruled(string root) => Repository.Projects(root, "src").Where(p => !Rules.ContainsKey(p)).ToList();
}
