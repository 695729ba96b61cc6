using EsmsDui.Fhir.Settings;

namespace EsmsDui.ArchitectureTests.Namespaces;

/// <summary>Inside the engine, feature folders depend downwards only and no namespaces use each other.</summary>
public sealed class EngineNamespaceTests
{
    private static readonly NamespaceGraph Engine = NamespaceGraph.Read(typeof(FhirEngineOptions).Assembly.Location, "EsmsDui.Fhir");

    private static readonly NamespaceGraph Probe = NamespaceGraph.Read(typeof(EngineNamespaceTests).Assembly.Location, "EsmsDui.ArchitectureTests.Probes");

    [Fact]
    public void No_two_engine_namespaces_use_each_other()
    {
        Assert.Empty(Engine.Cycles().Select(cycle => string.Join(" ↔ ", cycle)));
    }

    [Fact]
    public void Engine_folders_use_only_the_layers_below_them_and_each_is_in_a_layer()
    {
        Assert.Empty(EngineLayers.Violations(Engine, EngineLayers.Layers));
    }

    [Fact]
    public void The_rules_catch_a_probe_whose_namespaces_use_each_other()
    {
        Assert.Equal(["Lower", "Upper"], Assert.Single(Probe.Cycles()));
        var violation = Assert.Single(EngineLayers.Violations(Probe, [["Lower", "Port"], ["Upper"]]));
        Assert.StartsWith("Lower uses Upper", violation, StringComparison.Ordinal);
        Assert.Contains("Upper is in no layer", EngineLayers.Violations(Probe, [["Lower", "Port"]]));
    }
}
