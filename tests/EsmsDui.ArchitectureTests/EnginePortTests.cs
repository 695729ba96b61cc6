namespace EsmsDui.ArchitectureTests;

/// <summary>
/// Connectors, workers, CLI verbs and the operations of other projects reach the engine through its port
/// (<c>IFhirEngine</c>, <c>IFhirSearch</c>), never through its resource and search services; inside the engine, the
/// services below the dispatcher take typed inputs, not the request the edge parsed.
/// </summary>
public sealed class EnginePortTests
{
    private static readonly string[] EngineInternals = ["EsmsDui.Fhir.Resources.ResourceService", "EsmsDui.Fhir.Search.SearchService"];

    private static readonly string[] ServiceNamespaces = ["EsmsDui.Fhir.Resources.", "EsmsDui.Fhir.Search.", "EsmsDui.Fhir.History.", "EsmsDui.Fhir.Operations."];

    private static readonly string[] EdgeRequest = ["EsmsDui.Fhir.Requests.FhirRequest"];

    private static readonly string Engine = Path.Combine(AppContext.BaseDirectory, "EsmsDui.Fhir.dll");

    public static TheoryData<string> Others => new(Repository.Projects(Repository.Root, "src").Where(p => p != "EsmsDui.Fhir"));

    [Theory]
    [MemberData(nameof(Others))]
    public void Projects_outside_the_engine_do_not_use_its_resource_or_search_service(string assembly)
    {
        Assert.Empty(TypeUses.Of(Path.Combine(AppContext.BaseDirectory, assembly + ".dll"), EngineInternals));
    }

    [Theory]
    [MemberData(nameof(Others))]
    public void Only_the_HTTP_edge_outside_the_engine_knows_the_edge_request(string assembly)
    {
        // Operations of other projects get an OperationRequest from the dispatcher; the server's edge builds the request.
        var users = TypeUses.Of(Path.Combine(AppContext.BaseDirectory, assembly + ".dll"), EdgeRequest);
        Assert.All(users, t => Assert.StartsWith("EsmsDui.Server.Http.", t, StringComparison.Ordinal));
    }

    [Fact]
    public void A_use_of_the_resource_service_is_caught()
    {
        Assert.Contains("EsmsDui.ArchitectureTests.Probes.Port.UsesResourceService", TypeUses.Of(typeof(EnginePortTests).Assembly.Location, EngineInternals));
    }

    [Fact]
    public void The_resource_search_history_and_operation_services_do_not_know_the_edge_request()
    {
        var users = TypeUses.Of(Engine, EdgeRequest);
        Assert.Contains(users, t => t.StartsWith("EsmsDui.Fhir.Interactions.FhirRequestDispatcher", StringComparison.Ordinal));
        Assert.DoesNotContain(users, t => ServiceNamespaces.Any(n => t.StartsWith(n, StringComparison.Ordinal)));
    }
}
