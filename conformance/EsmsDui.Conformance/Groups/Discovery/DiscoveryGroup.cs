using System.Text.Json.Nodes;
using EsmsDui.Conformance.Http;
using EsmsDui.Conformance.Model;
using Hl7.Fhir.Model;
using Interaction = Hl7.Fhir.Model.CapabilityStatement.TypeRestfulInteraction;

namespace EsmsDui.Conformance.Groups.Discovery;

/// <summary>Group 1: what the server says it does (CapabilityStatement, SMART configuration), and that what it says holds.</summary>
public static class DiscoveryGroup
{
    // The types of a DUI record (TDDUI, FR Core): their declared search parameters are tried one by one.
    private static readonly string[] RecordTypes = ["Patient", "Organization", "Practitioner", "PractitionerRole", "Encounter", "CarePlan", "Goal", "ServiceRequest", "Task", "Consent", "QuestionnaireResponse", "DocumentReference", "Observation"];

    /// <summary>The group.</summary>
    public static TestGroup Create() => new(1, "Discovery: CapabilityStatement and SMART configuration", "Nothing (anonymous requests; the preset's client when metadata needs a token).",
    [
        new("1.01", "metadata answers a JSON CapabilityStatement for FHIR 4.0.1 describing a server", ["fhir-r4@1", "fhir-r4@2"], JsonCapabilitiesAsync),
        new("1.02", "metadata answers the same CapabilityStatement in XML when asked", ["fhir-r4@3"], XmlCapabilitiesAsync),
        new("1.03", "Every type claimed with search-type answers a search with a searchset Bundle", ["fhir-r4@4"], ClaimedSearchesAsync),
        new("1.04", "Every search parameter declared on the record's types is accepted under Prefer: handling=strict", ["fhir-r4@5"], DeclaredParametersAsync),
        new("1.05", "Every declared operation names a definition the server publishes or FHIR defines", ["fhir-r4@6"], DeclaredOperationsAsync),
        new("1.06", "/.well-known/smart-configuration is served without token as JSON naming the token endpoint", ["smart@1", "smart@2"], SmartConfigurationAsync),
        new("1.07", "The SMART configuration declares the v2 scopes (permission-v2) and the scopes it supports", ["smart@3"], SmartV2Async),
        new("1.08", "The SMART configuration offers Backend Services: client_credentials, private_key_jwt with RS384 and ES384", ["smart@4", "smart@5"], BackendServicesAsync),
        new("1.09", "The CapabilityStatement declares SMART-on-FHIR in rest.security", ["smart@6"], RestSecurityAsync),
        new("1.10", "The FHIR base and the token endpoint use TLS unless on a loopback address", ["http-security@1"], TransportAsync),
    ]);

    private static async Task JsonCapabilitiesAsync(TestContext context)
    {
        var answer = await context.Anonymous.GetAsync("metadata");
        if (answer.Status is 401 or 403)
        {
            context.Note("metadata needs a token here; asked again with the client's.");
            answer = await context.Client.GetAsync("metadata");
        }

        var statement = answer.Expect<CapabilityStatement>(200);
        Check.That(answer.MediaType == "application/fhir+json", $"metadata: Content-Type {answer.MediaType}, expected application/fhir+json.");
        Check.That(statement.FhirVersion == FHIRVersion.N4_0_1, $"fhirVersion is {Hl7.Fhir.Utility.EnumUtility.GetLiteral(statement.FhirVersion)}, expected 4.0.1.");
        Check.That(statement.Kind == CapabilityStatementKind.Instance, $"kind is {statement.Kind}, expected instance (the capabilities of this server).");
        Check.That(statement.Rest.Any(r => r.Mode == CapabilityStatement.RestfulCapabilityMode.Server), "No rest entry in server mode.");
        Check.That(statement.Format.Any(f => f?.Contains("json", StringComparison.OrdinalIgnoreCase) == true), "format does not list JSON.");
    }

    private static async Task XmlCapabilitiesAsync(TestContext context)
    {
        var statement = await context.State.CapabilitiesAsync(context);
        if (!statement.Format.Any(f => f?.Contains("xml", StringComparison.OrdinalIgnoreCase) == true))
        {
            throw Check.NotApplicable("The CapabilityStatement does not list XML in format.");
        }

        var answer = await context.Client.GetAsync("metadata", FhirActor.Header("Accept", "application/fhir+xml"));
        var xml = answer.Expect<CapabilityStatement>(200);
        Check.That(answer.MediaType == "application/fhir+xml", $"metadata with Accept: application/fhir+xml came as {answer.MediaType}.");
        Check.That(answer.Body.TrimStart().StartsWith('<'), "The XML CapabilityStatement is not XML.");
        Check.That(xml.Rest.SelectMany(r => r.Resource).Count() == statement.Rest.SelectMany(r => r.Resource).Count(), "The XML CapabilityStatement does not list the same resources as the JSON one.");
    }

    private static async Task ClaimedSearchesAsync(TestContext context)
    {
        var statement = await context.State.CapabilitiesAsync(context);
        var types = statement.Rest.SelectMany(r => r.Resource).Where(r => r.Interaction.Any(i => i.Code == Interaction.SearchType)).Select(r => r.Type!.ToString()!).ToList();
        Check.That(types.Count > 0, "No type is claimed with search-type.");
        var failures = new List<string>();
        var forbidden = new List<string>();
        foreach (var type in types)
        {
            var answer = await context.Client.GetAsync($"{type}?_count=1");
            if (answer.Status == 403)
            {
                // The client's scopes do not reach the type (AuditEvent, say): the server is right to refuse it.
                forbidden.Add(type);
            }
            else if (answer.Status != 200 || answer.Resource is not Bundle { Type: Bundle.BundleType.Searchset })
            {
                failures.Add($"{type} ({answer.Status}, {answer.Describe()})");
            }
        }

        Check.That(failures.Count == 0, $"{failures.Count} of {types.Count} claimed searches failed: {string.Join(", ", failures.Take(10))}.");
        context.Note($"{types.Count - forbidden.Count} types searched{(forbidden.Count == 0 ? "" : $"; refused to this client's scopes: {string.Join(", ", forbidden)}")}.");
    }

    private static async Task DeclaredParametersAsync(TestContext context)
    {
        var failures = new List<string>();
        var tried = 0;
        foreach (var type in RecordTypes)
        {
            var resource = await context.State.ResourceAsync(context, type);
            foreach (var parameter in resource?.SearchParam ?? [])
            {
                if (SampleValue(parameter.Type) is not { } value)
                {
                    continue;
                }

                tried++;
                var answer = await context.Client.GetAsync($"{type}?{Uri.EscapeDataString(parameter.Name ?? string.Empty)}={Uri.EscapeDataString(value)}&_count=1", FhirActor.Header("Prefer", "handling=strict"));
                if (answer.Status != 200)
                {
                    failures.Add($"{type}?{parameter.Name} ({answer.Status})");
                }
            }
        }

        if (tried == 0)
        {
            throw Check.NotApplicable("The CapabilityStatement declares no search parameter on the record's types.");
        }

        Check.That(failures.Count == 0, $"{failures.Count} of {tried} declared parameters were refused: {string.Join(", ", failures.Take(15))}.");
        context.Note($"{tried} declared parameters tried.");
    }

    private static string? SampleValue(SearchParamType? type) => type switch
    {
        SearchParamType.Token => "conformance-none",
        SearchParamType.String => "conformance-none",
        SearchParamType.Date => "ge2000-01-01",
        SearchParamType.Reference => "conformance-none",
        SearchParamType.Number => "1",
        SearchParamType.Quantity => "1",
        SearchParamType.Uri => "http://example.org/conformance-none",
        _ => null,
    };

    private static async Task DeclaredOperationsAsync(TestContext context)
    {
        var statement = await context.State.CapabilitiesAsync(context);
        var rest = statement.Rest.Where(r => r.Mode == CapabilityStatement.RestfulCapabilityMode.Server).ToList();
        var definitions = rest.SelectMany(r => r.Operation).Concat(rest.SelectMany(r => r.Resource).SelectMany(r => r.Operation)).Select(o => (o.Name, o.Definition)).Distinct().ToList();
        if (definitions.Count == 0)
        {
            throw Check.NotApplicable("The CapabilityStatement declares no operation.");
        }

        var missing = new List<string>();
        foreach (var (name, definition) in definitions)
        {
            if (string.IsNullOrEmpty(definition))
            {
                missing.Add($"${name} (no definition)");
            }
            else if (!definition.StartsWith("http://hl7.org/fhir/", StringComparison.Ordinal))
            {
                var canonical = definition.Split('|')[0];
                var found = await context.Client.GetAsync($"OperationDefinition?url={Uri.EscapeDataString(canonical)}");
                if (found.Resource is not Bundle bundle || !bundle.Entry.Any(e => e.Resource is OperationDefinition))
                {
                    missing.Add($"${name} ({canonical} not found)");
                }
            }
        }

        Check.That(missing.Count == 0, $"Operations without a published definition: {string.Join(", ", missing)}.");
    }

    private static async Task<JsonObject> SmartJsonAsync(TestContext context) =>
        await context.State.OnceAsync("smart-configuration", async () =>
        {
            var answer = await context.Anonymous.GetAsync(".well-known/smart-configuration", FhirActor.Header("Accept", "application/json"));
            answer.Expect(200);
            Check.That(answer.MediaType == "application/json", $".well-known/smart-configuration: Content-Type {answer.MediaType}, expected application/json.");
            return Http.ServerClient.TryParse(answer.Body) as JsonObject ?? throw Check.Fail(".well-known/smart-configuration is not a JSON object.");
        });

    private static async Task SmartConfigurationAsync(TestContext context)
    {
        var json = await SmartJsonAsync(context);
        Check.That(Uri.TryCreate(json["token_endpoint"]?.GetValue<string>(), UriKind.Absolute, out _), "token_endpoint is missing or not an absolute URL.");
        Check.That(json["capabilities"] is JsonArray, "capabilities is missing.");
        Check.That(json["grant_types_supported"] is JsonArray, "grant_types_supported is missing.");
    }

    private static async Task SmartV2Async(TestContext context)
    {
        var json = await SmartJsonAsync(context);
        Check.That(Strings(json, "capabilities").Contains("permission-v2"), "capabilities does not list permission-v2 (SMART v2 scopes).");
        Check.That(Strings(json, "scopes_supported").Count > 0, "scopes_supported is missing or empty.");
    }

    private static async Task BackendServicesAsync(TestContext context)
    {
        var json = await SmartJsonAsync(context);
        Check.That(Strings(json, "grant_types_supported").Contains("client_credentials"), "grant_types_supported does not list client_credentials.");
        Check.That(Strings(json, "token_endpoint_auth_methods_supported").Contains("private_key_jwt"), "token_endpoint_auth_methods_supported does not list private_key_jwt.");
        var algorithms = Strings(json, "token_endpoint_auth_signing_alg_values_supported");
        Check.That(algorithms.Contains("RS384") && algorithms.Contains("ES384"), $"token_endpoint_auth_signing_alg_values_supported lists {string.Join(", ", algorithms)}: RS384 and ES384 are required.");
    }

    private static async Task RestSecurityAsync(TestContext context)
    {
        var statement = await context.State.CapabilitiesAsync(context);
        var services = statement.Rest.SelectMany(r => r.Security?.Service ?? []).SelectMany(s => s.Coding).ToList();
        Check.That(services.Any(c => c.System == "http://terminology.hl7.org/CodeSystem/restful-security-service" && c.Code == "SMART-on-FHIR"), "rest.security.service has no SMART-on-FHIR coding.");
    }

    private static async Task TransportAsync(TestContext context)
    {
        var urls = new List<Uri> { context.Client.Server.Base };
        if (await context.Client.Server.TokenEndpointAsync() is { } token)
        {
            urls.Add(new Uri(token));
        }

        foreach (var url in urls)
        {
            Check.That(url.Scheme == Uri.UriSchemeHttps || url.IsLoopback, $"{url} is plain HTTP on a host that is not loopback.");
        }

        if (urls.All(u => u.IsLoopback))
        {
            context.Note("Every address is loopback: plain HTTP is allowed there.");
        }
    }

    private static List<string> Strings(JsonObject json, string name) =>
        json[name] is JsonArray array ? [.. array.Select(v => v?.GetValue<string>() ?? string.Empty)] : [];
}
