using Mono.Cecil;

namespace EsmsDui.ArchitectureTests;

/// <summary>
/// Connectors, workers, CLI verbs and the operations of other projects reach the engine through its port
/// (<c>IFhirEngine</c>, <c>IFhirSearch</c>), never through its resource and search services.
/// </summary>
public sealed class EnginePortTests
{
    private static readonly string[] EngineInternals = ["EsmsDui.Fhir.Resources.ResourceService", "EsmsDui.Fhir.Search.SearchService"];

    public static TheoryData<string> Others => new(Repository.Projects(Repository.Root, "src").Where(p => p != "EsmsDui.Fhir"));

    [Theory]
    [MemberData(nameof(Others))]
    public void Projects_outside_the_engine_do_not_use_its_resource_or_search_service(string assembly)
    {
        Assert.Empty(UsesOfEngineInternals(Path.Combine(AppContext.BaseDirectory, assembly + ".dll")));
    }

    [Fact]
    public void A_use_of_the_resource_service_is_caught()
    {
        Assert.Contains("EsmsDui.ArchitectureTests.Probes.Port.UsesResourceService", UsesOfEngineInternals(typeof(EnginePortTests).Assembly.Location));
    }

    // The types whose fields, method signatures or method bodies name an engine internal.
    private static List<string> UsesOfEngineInternals(string path)
    {
        using var assembly = AssemblyDefinition.ReadAssembly(path);
        static bool Internal(TypeReference? type) => type is not null && EngineInternals.Contains(type.FullName);
        return assembly.MainModule.GetTypes()
            .Where(type => type.Fields.Any(f => Internal(f.FieldType))
                || type.Methods.Any(m => m.Parameters.Any(p => Internal(p.ParameterType))
                    || (m.HasBody && m.Body.Instructions.Any(i => i.Operand is TypeReference r ? Internal(r) : i.Operand is MemberReference member && Internal(member.DeclaringType)))))
            .Select(type => type.FullName)
            .ToList();
    }
}
