using EsmsDui.Dossier.Evaluations;
using EsmsDui.Dossier.Exchange;
using EsmsDui.Dossier.Identity.Insi;
using EsmsDui.Dossier.Identity.Merge;
using EsmsDui.Dossier.Oppositions;
using EsmsDui.Fhir.Operations;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace EsmsDui.Dossier.UnitTests;

/// <summary>The project's package (<c>profiles/esmsdui.fhir#0.1.0</c>) says what the code does.</summary>
public sealed class ProjectPackageTests
{
    private static readonly FhirJsonDeserializer Parser = new();

    public static TheoryData<string> Operations() => [.. Routes.Keys];

    private static Dictionary<string, FhirOperationRoute> Routes { get; } = new[]
    {
        GirOperation.Route, PatientDuplicatesOperation.Route, InsiOperation.Route, OppositionsOperation.Route, TdduiExportOperation.Route,
    }.ToDictionary(r => r.Definition);

    [Theory]
    [MemberData(nameof(Operations))]
    public void Each_operation_of_the_project_has_a_definition_that_matches_its_route(string url)
    {
        var route = Routes[url];
        var definition = Read<OperationDefinition>($"OperationDefinition-{url.Split('/')[^1]}.json");
        Assert.Equal(url, definition.Url);
        Assert.Equal(route.Name, definition.Code);
        Assert.Equal([route.ResourceType], definition.Resource.Select(r => r.ToString()));
        Assert.Equal(route.TypeLevel, definition.Type);
        Assert.Equal(route.InstanceLevel, definition.Instance);
        Assert.Equal(route.AffectsState, definition.AffectsState);
        Assert.False(definition.System);
    }

    [Fact]
    public void The_evaluation_code_system_holds_every_code_the_GIR_observation_uses()
    {
        var codes = Read<CodeSystem>("CodeSystem-evaluation.json");
        Assert.Equal(EvaluationCodes.System, codes.Url);
        var concepts = codes.Concept.ToDictionary(c => c.Code!, c => c.Display);
        Assert.Contains(EvaluationCodes.Gir, concepts.Keys);
        Assert.Contains(EvaluationCodes.Rank, concepts.Keys);
        foreach (var variable in Enum.GetValues<AggirVariable>())
        {
            Assert.Equal(EvaluationCodes.VariableDisplay(variable), concepts[EvaluationCodes.VariableCode(variable)]);
        }

        Assert.Equal(codes.Count, concepts.Count);
    }

    [Fact]
    public void The_opposition_code_system_holds_every_channel()
    {
        var codes = Read<CodeSystem>("CodeSystem-opposition.json");
        Assert.Equal(UsagerOppositions.System, codes.Url);
        Assert.Equal(
            Enum.GetValues<OppositionChannel>().Select(c => (UsagerOppositions.Code(c), UsagerOppositions.Display(c))).Order(),
            codes.Concept.Select(c => (c.Code, c.Display)).Order());
    }

    [Fact]
    public void The_SERAFIN_PH_code_system_nests_every_code_under_its_dotted_parent_and_holds_the_value_sets_codes()
    {
        var codes = Read<CodeSystem>("CodeSystem-terminologie-SERAFINPH.json");
        Assert.Equal(SerafinPh.System, codes.Url);
        var all = new List<string>();
        void Walk(IEnumerable<CodeSystem.ConceptDefinitionComponent> concepts, string? parent)
        {
            foreach (var concept in concepts)
            {
                Assert.Equal(parent, concept.Code.Contains('.', StringComparison.Ordinal) ? concept.Code[..concept.Code.LastIndexOf('.')] : null);
                all.Add(concept.Code);
                Walk(concept.Concept, concept.Code);
            }
        }

        Walk(codes.Concept, null);
        Assert.Equal(codes.Count, all.Count);
        Assert.Equal(["1", "2", "3"], codes.Concept.Select(c => c.Code));
        foreach (var file in Directory.EnumerateFiles(PackageFolder, "ValueSet-JDV-J28*.json"))
        {
            var valueSet = Parser.Deserialize<ValueSet>(File.ReadAllText(file));
            Assert.All(valueSet.Compose.Include.SelectMany(i => i.Concept), c => Assert.Contains(c.Code, all));
        }
    }

    private static T Read<T>(string file)
        where T : Resource => Parser.Deserialize<T>(File.ReadAllText(Path.Combine(PackageFolder, file)));

    private static string PackageFolder { get; } = Locate();

    private static string Locate()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "EsmsDui.sln")))
            {
                return Path.Combine(folder.FullName, "profiles", "esmsdui.fhir#0.1.0", "package");
            }
        }

        throw new InvalidOperationException("EsmsDui.sln not found above the test folder.");
    }
}
