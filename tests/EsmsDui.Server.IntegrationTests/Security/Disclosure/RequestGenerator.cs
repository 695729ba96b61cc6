using System.Text;
using EsmsDui.Fhir.Requests;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Security.Disclosure;

/// <summary>
/// Makes requests for every interaction and operation a CapabilityStatement lists, aimed at the world's records (and
/// at those the callers create), with parameters that follow references across ESMS: includes, reverse includes,
/// chains, <c>_has</c>, compartments, history, Bundles, and the operations' own inputs.
/// </summary>
internal sealed class RequestGenerator(CapabilityStatement capabilities, Random random)
{
    private static readonly string[] SearchParameters =
    [
        "_include=*", "_revinclude=*", "_include:iterate=*", "_sort=-_lastUpdated", "_summary=count", "_elements=id,subject,managingOrganization",
        "_total=accurate", "_count=3", "_lastUpdated=gt2000-01-01", "name=Martin", "code=8867-4", "_has:Observation:subject:code=8867-4",
        "_has:Observation:subject:_id=pp-obs-b1", "_include=Observation:has-member", "_revinclude=Provenance:target", "_include=Condition:evidence-detail",
    ];

    private readonly Dictionary<string, List<string>> _ids = DisclosureWorld.Ids.ToDictionary(p => p.Key, p => p.Value.ToList());

    /// <summary>Every interaction and operation of the CapabilityStatement, as coverage keys (<c>Type:interaction</c>, <c>Type:$op</c>).</summary>
    public IReadOnlyList<string> Keys { get; } = KeysOf(capabilities);

    /// <summary>Remembers a resource a caller created, as a target for later requests.</summary>
    public void Created(string type, string id)
    {
        if (!_ids.TryGetValue(type, out var ids))
        {
            _ids[type] = ids = [];
        }

        ids.Add(id);
    }

    /// <summary>
    /// A request for a random key: half of them the requests that return most (searches, history, Bundles,
    /// <c>$everything</c>) on the world's types, the others any interaction, most often on the world's types.
    /// </summary>
    public (string Key, FhirRequest Request) Next()
    {
        string[] rich = ["search-type", "search-type", "history-instance", "history-type", "read", "system:batch", "system:transaction", "system:search-system", "system:history-system", "Patient:$everything"];
        var onWorld = Keys.Where(k => _ids.ContainsKey(k[..k.IndexOf(':', StringComparison.Ordinal)]) || k.StartsWith("system:", StringComparison.Ordinal)).ToList();
        var key = random.Next(4) switch
        {
            0 or 1 when Pick(rich) is var r => r.Contains(':', StringComparison.Ordinal) ? r : $"{WorldType()}:{r}",
            2 => onWorld[random.Next(onWorld.Count)],
            _ => Keys[random.Next(Keys.Count)],
        };
        return (key, For(key));
    }

    /// <summary>A request exercising <paramref name="key"/>.</summary>
    public FhirRequest For(string key)
    {
        var (type, what) = (key[..key.IndexOf(':', StringComparison.Ordinal)], key[(key.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        return what switch
        {
            "capabilities" => Get("metadata"),
            "transaction" or "batch" => Post(string.Empty, BundleOf(what == "transaction" ? Bundle.BundleType.Transaction : Bundle.BundleType.Batch)),
            "history-system" => Get("_history", "_count=10"),
            "search-system" => Get(string.Empty, $"_type={WorldType()},{WorldType()}", Pick(SearchParameters), $"_id={Id(WorldType())}"),
            "read" => Get($"{type}/{Id(type)}", random.Next(4) == 0 ? "_summary=true" : null),
            "vread" => Get($"{type}/{Id(type)}/_history/{random.Next(1, 4)}"),
            "history-instance" => Get($"{type}/{Id(type)}/_history"),
            "history-type" => Get($"{type}/_history", "_count=5"),
            "search-type" => random.Next(5) == 0
                ? new FhirRequest { Method = "POST", Path = $"{type}/_search", BaseUrl = EnginePort.BaseUrl, Query = Query(SearchQuery(type)) }
                : Get(type, SearchQuery(type)),
            "create" => new FhirRequest { Method = "POST", Path = type, BaseUrl = EnginePort.BaseUrl, Resource = Body(type, null), IfNoneExist = random.Next(5) == 0 ? $"_id={Id(type)}" : null },
            "update" => random.Next(6) == 0
                ? new FhirRequest { Method = "PUT", Path = type, BaseUrl = EnginePort.BaseUrl, Query = Query([$"_id={Id(type)}"]), Resource = Body(type, null) }
                : Put(type, Id(type)),
            "patch" => Patch(type, Id(type)),
            "delete" => new FhirRequest { Method = "DELETE", Path = $"{type}/{DeletableId(type)}", BaseUrl = EnginePort.BaseUrl },
            _ when what.StartsWith('$') => Operation(type, what[1..]),
            _ => throw new InvalidOperationException($"No request for {key}."),
        };
    }

    private static List<string> KeysOf(CapabilityStatement capabilities)
    {
        var rest = capabilities.Rest[0];
        return
        [
            "system:capabilities",
            .. rest.Interaction.Select(i => $"system:{Hl7.Fhir.Utility.EnumUtility.GetLiteral(i.Code)}"),
            .. rest.Operation.Select(o => $"system:${o.Name}"),
            .. rest.Resource.SelectMany(r => r.Interaction.Select(i => $"{r.Type}:{Hl7.Fhir.Utility.EnumUtility.GetLiteral(i.Code)}").Concat(r.Operation.Select(o => $"{r.Type}:${o.Name}"))),
        ];
    }

    private FhirRequest Operation(string type, string name)
    {
        var path = type == "system" ? string.Empty : type + "/";
        return name switch
        {
            "validate" => random.Next(3) == 0 && type != "system"
                ? Get($"{type}/{Id(type)}/$validate")
                : Post($"{path}$validate", new Parameters { { "resource", Body(type == "system" ? WorldType() : type, null) } }),
            "expand" => Get("ValueSet/$expand", "url=http://hl7.org/fhir/ValueSet/administrative-gender", "filter=f"),
            "validate-code" => Get("ValueSet/$validate-code", "url=http://hl7.org/fhir/ValueSet/administrative-gender", "system=http://hl7.org/fhir/administrative-gender", "code=female"),
            "lookup" => Get("CodeSystem/$lookup", "system=http://hl7.org/fhir/administrative-gender", "code=female"),
            "merge" => Post("Patient/$merge", new Parameters
            {
                { "source-patient", new ResourceReference($"Patient/{Id("Patient")}") },
                { "target-patient", new ResourceReference($"Patient/{Id("Patient")}") },
                { "preview", new FhirBoolean(random.Next(10) != 0) },
            }),
            _ => random.Next(4) switch
            {
                0 => Post($"{path}${name}", new Parameters { { "patient", new ResourceReference($"Patient/{Id("Patient")}") }, { "subject", new ResourceReference(AnyReference()) }, { "resource", Body(WorldType(), null) } }),
                1 => Get($"{path}${name}", $"patient=Patient/{Id("Patient")}", "_type=Observation,Condition,Patient"),
                _ => Get($"{path}{Id(type)}/${name}", random.Next(2) == 0 ? "_type=Observation,Patient" : "_count=5"),
            },
        };
    }

    private string[] SearchQuery(string type)
    {
        var parameters = new List<string>();
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            parameters.Add(random.Next(6) switch
            {
                0 => $"_id={Id(type)},{Id(type)}",
                1 => $"subject={AnyReference()}",
                2 => $"patient={Id("Patient")}",
                3 => $"subject:Patient.organization={Id("Organization")}",
                4 => $"organization={Id("Organization")}",
                _ => Pick(SearchParameters),
            });
        }

        return [.. parameters];
    }

    private Bundle BundleOf(Bundle.BundleType kind)
    {
        var bundle = new Bundle { Type = kind };
        for (var i = random.Next(1, 5); i > 0; i--)
        {
            var type = WorldType();
            var interaction = new[] { "read", "search-type", "create", "update", "patch", "delete", "history-instance", "$everything" }[random.Next(8)];
            var request = interaction == "$everything" ? For("Patient:$everything") : For($"{type}:{interaction}");
            if (request.JsonPatch is not null)
            {
                continue;
            }

            var url = request.Path + (request.Query.Count == 0 ? string.Empty : "?" + string.Join('&', request.Query.Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value)}")));
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = request.Method == "POST" ? $"urn:uuid:{Guid.NewGuid()}" : null,
                Resource = request.Resource,
                Request = new Bundle.RequestComponent { Method = Enum.Parse<Bundle.HTTPVerb>(request.Method), Url = url },
            });
        }

        return bundle;
    }

    private FhirRequest Patch(string type, string id)
    {
        static string Add(string path, string value) => $"{{\"op\":\"add\",\"path\":\"{path}\",\"value\":{value}}}";
        static string Reference(string reference) => $"{{\"reference\":\"{reference}\"}}";
        var operations = type switch
        {
            "Patient" => [Add("/managingOrganization", Reference($"Organization/{Id("Organization")}"))],
            "Observation" => [Add("/hasMember", $"[{Reference(AnyReference())}]"), Add("/subject", Reference($"Patient/{Id("Patient")}"))],
            "Encounter" => [Add("/serviceProvider", Reference($"Organization/{Id("Organization")}"))],
            "EpisodeOfCare" => [Add("/managingOrganization", Reference($"Organization/{Id("Organization")}"))],
            _ => new[] { Add("/language", "\"fr\"") },
        };
        var operation = $"[{string.Join(',', operations)}]";
        return new FhirRequest { Method = "PATCH", Path = $"{type}/{id}", BaseUrl = EnginePort.BaseUrl, JsonPatch = Encoding.UTF8.GetBytes(operation) };
    }

    private FhirRequest Put(string type, string id) =>
        new() { Method = "PUT", Path = $"{type}/{id}", BaseUrl = EnginePort.BaseUrl, Resource = Body(type, id) };

    /// <summary>A resource of <paramref name="type"/> pointing at random records of both ESMS (bare for types the world does not hold).</summary>
    private Resource Body(string type, string? id)
    {
        ResourceReference Patient() => new($"Patient/{Id("Patient")}");
        ResourceReference Organization() => new($"Organization/{Id("Organization")}");
        Resource resource = type switch
        {
            "Patient" => new Patient { Name = [new HumanName { Family = "Martin" }], ManagingOrganization = random.Next(4) == 0 ? null : Organization(), Link = random.Next(3) == 0 ? [new Patient.LinkComponent { Other = Patient(), Type = Hl7.Fhir.Model.Patient.LinkType.Seealso }] : [] },
            "Observation" => new Observation { Status = ObservationStatus.Final, Code = new CodeableConcept("http://loinc.org", "8867-4"), Subject = Patient(), HasMember = [new ResourceReference($"Observation/{Id("Observation")}")], DerivedFrom = [new ResourceReference(AnyReference())] },
            "Condition" => new Condition { Subject = Patient(), Code = new CodeableConcept { Text = "x" }, Evidence = [new Condition.EvidenceComponent { Detail = [new ResourceReference(AnyReference())] }] },
            "Encounter" => new Encounter { Status = Encounter.EncounterStatus.Planned, Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "HH"), Subject = Patient(), ServiceProvider = Organization() },
            "Group" => new Group { Type = Group.GroupType.Person, Actual = true, Member = [new Group.MemberComponent { Entity = Patient() }, new Group.MemberComponent { Entity = Patient() }] },
            "Provenance" => new Provenance { Target = [new ResourceReference(AnyReference())], Recorded = DateTimeOffset.UtcNow, Agent = [new Provenance.AgentComponent { Who = new ResourceReference("Practitioner/pp-pr") }] },
            "List" => new List { Status = List.ListStatus.Current, Mode = ListMode.Working, Subject = Patient(), Entry = [new List.EntryComponent { Item = new ResourceReference(AnyReference()) }] },
            "CarePlan" => new CarePlan { Status = RequestStatus.Active, Intent = CarePlan.CarePlanIntent.Plan, Subject = Patient(), Goal = [new ResourceReference($"Goal/{Id("Goal")}")] },
            "EpisodeOfCare" => new EpisodeOfCare { Status = EpisodeOfCare.EpisodeOfCareStatus.Active, Patient = Patient(), ManagingOrganization = Organization() },
            "DocumentReference" => new DocumentReference { Status = DocumentReferenceStatus.Current, Subject = Patient(), Content = [new DocumentReference.ContentComponent { Attachment = new Attachment { ContentType = "text/plain", Data = [65] } }], Context = new DocumentReference.ContextComponent { Related = [new ResourceReference(AnyReference())] } },
            _ => (Resource)Activator.CreateInstance(Hl7.Fhir.Model.ModelInfo.GetTypeForFhirType(type)!)!,
        };
        resource.Id = id;
        return resource;
    }

    private string WorldType() => _ids.Keys.ElementAt(random.Next(_ids.Count));

    private string AnyReference()
    {
        var type = WorldType();
        return $"{type}/{Id(type)}";
    }

    private string Id(string type) =>
        _ids.TryGetValue(type, out var ids) && ids.Count > 0 && random.Next(10) != 0 ? ids[random.Next(ids.Count)] : "pp-unknown";

    // Deletes aim mostly at what callers created, so that the world keeps its shape for the rest of the run.
    private string DeletableId(string type) =>
        _ids.TryGetValue(type, out var ids) && ids.Count > DisclosureWorld.Ids.GetValueOrDefault(type, []).Length && random.Next(5) != 0
            ? ids[random.Next(DisclosureWorld.Ids.GetValueOrDefault(type, []).Length, ids.Count)]
            : Id(type);

    private string Pick(string[] values) => values[random.Next(values.Length)];

    private static IReadOnlyList<KeyValuePair<string, string>> Query(IEnumerable<string?> parameters) =>
        [.. parameters.OfType<string>().Select(p => p.Split('=', 2)).Select(p => new KeyValuePair<string, string>(p[0], p.Length > 1 ? p[1] : string.Empty))];

    private static FhirRequest Get(string path, params string?[] parameters) =>
        new() { Method = "GET", Path = path, BaseUrl = EnginePort.BaseUrl, Query = Query(parameters) };

    private static FhirRequest Post(string path, Resource resource) =>
        new() { Method = "POST", Path = path, BaseUrl = EnginePort.BaseUrl, Resource = resource };
}
