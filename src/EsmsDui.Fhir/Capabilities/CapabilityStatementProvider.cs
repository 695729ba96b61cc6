using System.Reflection;
using EsmsDui.Fhir.Search;
using EsmsDui.Fhir.Settings;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace EsmsDui.Fhir.Capabilities;

/// <summary>
/// Builds the CapabilityStatement from what the engine really implements; nothing is claimed that a
/// request would then refuse. Built once and cached (it depends only on configuration).
/// </summary>
public sealed class CapabilityStatementProvider(
    IOptions<FhirEngineOptions> options, SearchParameterRegistry searchParameters, IEnumerable<Operations.FhirOperationRoute> contributed, IEnumerable<ICapabilityContributor> contributors)
{
    private static readonly CapabilityStatement.TypeRestfulInteraction[] TypeInteractions =
    [
        CapabilityStatement.TypeRestfulInteraction.Read,
        CapabilityStatement.TypeRestfulInteraction.Vread,
        CapabilityStatement.TypeRestfulInteraction.Update,
        CapabilityStatement.TypeRestfulInteraction.Patch,
        CapabilityStatement.TypeRestfulInteraction.Delete,
        CapabilityStatement.TypeRestfulInteraction.HistoryInstance,
        CapabilityStatement.TypeRestfulInteraction.HistoryType,
        CapabilityStatement.TypeRestfulInteraction.Create,
        CapabilityStatement.TypeRestfulInteraction.SearchType,
    ];

    private readonly Lazy<CapabilityStatement> _statement = new(() => Build(options.Value, searchParameters, [.. contributed]));

    /// <summary>The software version reported in the statement.</summary>
    public static string SoftwareVersion { get; } =
        typeof(CapabilityStatementProvider).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>The statement, with the given base URL as implementation URL.</summary>
    public CapabilityStatement Get(string baseUrl)
    {
        var statement = (CapabilityStatement)_statement.Value.DeepCopy();
        statement.Implementation = new CapabilityStatement.ImplementationComponent { Description = "EsmsDui FHIR server", Url = baseUrl };
        foreach (var contributor in contributors)
        {
            contributor.Contribute(statement, baseUrl);
        }

        return statement;
    }

    private static CapabilityStatement.OperationComponent Operation(string name, string definition) =>
        new() { Name = name, Definition = $"http://hl7.org/fhir/OperationDefinition/{definition}" };

    private static CapabilityStatement Build(FhirEngineOptions options, SearchParameterRegistry searchParameters, List<Operations.FhirOperationRoute> contributed)
    {
        var rest = new CapabilityStatement.RestComponent
        {
            Mode = CapabilityStatement.RestfulCapabilityMode.Server,
            Interaction =
            [
                new() { Code = CapabilityStatement.SystemRestfulInteraction.Transaction },
                new() { Code = CapabilityStatement.SystemRestfulInteraction.Batch },
                new() { Code = CapabilityStatement.SystemRestfulInteraction.HistorySystem },
                new() { Code = CapabilityStatement.SystemRestfulInteraction.SearchSystem },
            ],
            SearchParam =
            [
                new() { Name = "_id", Type = SearchParamType.Token },
                new() { Name = "_lastUpdated", Type = SearchParamType.Date },
                .. searchParameters.For(SearchQuery.AllTypes).Select(p => new CapabilityStatement.SearchParamComponent { Name = p.Name, Type = p.Type }),
            ],
            Operation = [Operation("validate", "Resource-validate")],
            Compartment = [.. CompartmentDefinitions.Types.Select(c => $"http://hl7.org/fhir/CompartmentDefinition/{char.ToLowerInvariant(c[0])}{c[1..]}")],
        };
        var types = ModelInfo.SupportedResources.Where(t => t is not ("Resource" or "DomainResource")).Order(StringComparer.Ordinal).ToList();
        var references = types.SelectMany(t => searchParameters.For(t).Where(p => p.Type == SearchParamType.Reference).Select(p => (Source: t, Parameter: p))).ToList();
        foreach (var type in types)
        {
            rest.Resource.Add(new CapabilityStatement.ResourceComponent
            {
                Type = type,
                Interaction = [.. TypeInteractions.Select(i => new CapabilityStatement.ResourceInteractionComponent { Code = i })],
                Versioning = CapabilityStatement.ResourceVersionPolicy.VersionedUpdate,
                ReadHistory = true,
                UpdateCreate = options.AllowUpdateCreate,
                ConditionalCreate = true,
                ConditionalUpdate = true,
                ConditionalDelete = CapabilityStatement.ConditionalDeleteStatus.Single,
                ConditionalRead = CapabilityStatement.ConditionalReadStatus.FullSupport,
                SearchParam =
                [
                    new() { Name = "_id", Type = SearchParamType.Token },
                    new() { Name = "_lastUpdated", Type = SearchParamType.Date },
                    .. searchParameters.For(type).OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new CapabilityStatement.SearchParamComponent { Name = p.Name, Type = p.Type }),
                ],
                SearchInclude = ["*", .. references.Where(r => r.Source == type).Select(r => $"{type}:{r.Parameter.Name}").Order(StringComparer.Ordinal)],
                SearchRevInclude = [.. references.Where(r => r.Parameter.Targets.Count == 0 || r.Parameter.Targets.Contains(type)).Select(r => $"{r.Source}:{r.Parameter.Name}").Order(StringComparer.Ordinal)],
                Operation =
                [
                    .. type switch
                    {
                        "ValueSet" => [Operation("expand", "ValueSet-expand"), Operation("validate-code", "ValueSet-validate-code")],
                        "CodeSystem" => [Operation("lookup", "CodeSystem-lookup")],
                        _ => new List<CapabilityStatement.OperationComponent>(),
                    },
                    .. contributed.Where(r => r.ResourceType == type).Select(r => new CapabilityStatement.OperationComponent { Name = r.Name, Definition = r.Definition }),
                ],
            });
        }

        return new CapabilityStatement
        {
            Id = "esmsdui",
            Url = "urn:esmsdui:capabilitystatement",
            Name = "EsmsDui",
            Title = "EsmsDui — dossier usager informatisé FHIR server",
            Status = PublicationStatus.Active,
            Date = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Publisher = "EsmsDui",
            Kind = CapabilityStatementKind.Instance,
            Software = new CapabilityStatement.SoftwareComponent { Name = "EsmsDui", Version = SoftwareVersion },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["application/fhir+json", "application/fhir+xml", "json", "xml"],
            PatchFormat = ["application/json-patch+json", "application/fhir+json", "application/fhir+xml"],
            Rest = [rest],
        };
    }
}
