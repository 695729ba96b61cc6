namespace EsmsDui.ArchitectureTests;

/// <summary>
/// Connectors, workers, CLI verbs and the operations of other projects reach the engine through its port
/// (<c>IFhirEngine</c>, <c>IFhirSearch</c>), never through its resource and search services; inside the engine, the
/// services below the dispatcher take typed inputs, not the request the edge parsed.
/// </summary>
public sealed class EnginePortTests
{
    private static readonly string[] EngineInternals = ["EsmsDui.Fhir.Resources.ResourceService", "EsmsDui.Fhir.Search.SearchService"];

    private static readonly string[] ServiceNamespaces = ["EsmsDui.Fhir.Resources.", "EsmsDui.Fhir.Search.", "EsmsDui.Fhir.History."];

    private static readonly string Engine = Path.Combine(AppContext.BaseDirectory, "EsmsDui.Fhir.dll");

    public static TheoryData<string> Others => new(Repository.Projects(Repository.Root, "src").Where(p => p != "EsmsDui.Fhir"));

    [Theory]
    [MemberData(nameof(Others))]
    public void Projects_outside_the_engine_do_not_use_its_resource_or_search_service(string assembly)
    {
        Assert.Empty(TypeUses.Of(Path.Combine(AppContext.BaseDirectory, assembly + ".dll"), EngineInternals));
    }

    [Fact]
    public void A_use_of_the_resource_service_is_caught()
    {
        Assert.Contains("EsmsDui.ArchitectureTests.Probes.Port.UsesResourceService", TypeUses.Of(typeof(EnginePortTests).Assembly.Location, EngineInternals));
    }

    [Fact]
    public void The_resource_search_and_history_services_do_not_know_the_edge_request()
    {
        var users = TypeUses.Of(Engine, ["EsmsDui.Fhir.Requests.FhirRequest"]);
        Assert.Contains(users, t => t.StartsWith("EsmsDui.Fhir.Interactions.FhirRequestDispatcher", StringComparison.Ordinal));
        Assert.DoesNotContain(users, t => ServiceNamespaces.Any(n => t.StartsWith(n, StringComparison.Ordinal)));
    }
}
