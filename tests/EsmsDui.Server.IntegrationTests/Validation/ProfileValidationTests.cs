using System.Net;
using System.Text.Json.Nodes;
using EsmsDui.Fhir.Installation;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;

namespace EsmsDui.Server.IntegrationTests.Validation;

/// <summary>
/// A server with the official French packages loaded (FR Core required on every Patient): validation on write,
/// <c>$validate</c>, terminology operations, and the packages' conformance resources through the API.
/// </summary>
public abstract class ProfileValidationTests(ServerFixture server)
{
    private const string TdduiPatientIns = "https://interop.esante.gouv.fr/ig/fhir/tddui/StructureDefinition/tddui-patient-ins";
    private static readonly string Examples = Path.Combine(FrenchProfiles.PackageFolder, "examples", "tddui-2.2.0");

    [Fact]
    public async Task Conformance_resources_of_the_packages_are_readable_and_searchable_through_the_API_and_stored_once()
    {
        var found = await WaitForPackageResourcesAsync();

        var definition = Assert.IsType<StructureDefinition>(Assert.Single(found.Entry).Resource);
        Assert.Equal("urn:fhir-package:hl7.fhir.fr.core#2.1.0", definition.Meta.Source);
        var parameters = await SearchAsync("SearchParameter?code=isArchived");
        Assert.Equal(1, parameters.Total);
        var questionnaires = await SearchAsync("Questionnaire?_summary=count");
        Assert.True(questionnaires.Total >= 4);
        Assert.Equal(0, await server.Services.GetRequiredService<PackageInstaller>().InstallAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_valid_TDDUI_INS_patient_is_created()
    {
        var json = Example("from-bundles/Patient-tddui-patient-ins-example.json");
        json.Remove("id");
        json["identifier"]![0]!["value"] = TdduiInsWithRightKey;

        using var response = await server.Client.PostAsync("Patient", FhirHttp.Json(json.ToJsonString()));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Create_of_an_INS_patient_without_birthplace_returns_422_with_every_issue_and_stores_nothing()
    {
        var json = Example("from-bundles/Patient-tddui-patient-ins-example.json");
        json["identifier"]![1]!["value"] = "3480787529/" + Guid.NewGuid().ToString("N")[..9];
        json["extension"]!.AsArray().RemoveAt(1);
        json["gender"] = "other";

        using var response = await server.Client.PostAsync("Patient", FhirHttp.Json(json.ToJsonString()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var outcome = await FhirHttp.ReadAsync<OperationOutcome>(response);
        Assert.Contains(outcome.Issue, i => i.Diagnostics.Contains("extension:birthPlace", StringComparison.Ordinal) && i.Expression.Contains("Patient"));
        Assert.Contains(outcome.Issue, i => i.Diagnostics.Contains("'other'", StringComparison.Ordinal) && i.Expression.Any(e => e.StartsWith("Patient.gender", StringComparison.Ordinal)));
        var stored = await SearchAsync($"Patient?identifier={Uri.EscapeDataString(json["identifier"]![1]!["system"]!.GetValue<string>() + "|" + json["identifier"]![1]!["value"]!.GetValue<string>())}");
        Assert.Equal(0, stored.Total);
    }

    [Fact]
    public async Task A_patient_that_declares_no_profile_is_checked_against_the_profile_the_configuration_requires()
    {
        var patient = FhirHttp.NewPatient();
        patient.Identifier.Add(new Identifier("urn:oid:1.2.250.1.213.1.4.8", "147720425367411"));

        using var response = await server.Client.PostAsync("Patient", FhirHttp.Json(patient));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var outcome = await FhirHttp.ReadAsync<OperationOutcome>(response);
        Assert.Contains(outcome.Issue, i => i.Diagnostics.Contains("Missing required member: 'type'", StringComparison.Ordinal) && i.Expression.Contains("Patient.identifier[0]"));
    }

    [Fact]
    public async Task Validate_with_a_profile_parameter_reports_the_issues_with_their_location_and_stores_nothing()
    {
        var patient = FhirHttp.NewPatient("Validée");
        var parameters = new Parameters();
        parameters.Add("resource", patient);
        parameters.Add("profile", new FhirUri(TdduiPatientIns));

        using var response = await server.Client.PostAsync("Patient/$validate", FhirHttp.Json(parameters));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var outcome = await FhirHttp.ReadAsync<OperationOutcome>(response);
        Assert.Contains(outcome.Issue, i => i.Severity == OperationOutcome.IssueSeverity.Error && i.Diagnostics.Contains("extension:identityReliability", StringComparison.Ordinal));
        Assert.Equal(0, (await SearchAsync("Patient?family=Validée")).Total);
    }

    [Fact]
    public async Task Validate_of_a_valid_example_says_it_is_valid()
    {
        using var response = await server.Client.PostAsync("Encounter/$validate", FhirHttp.Json(Example("from-bundles/Encounter-tddui-encounter-sejour-example.json").ToJsonString()));

        var outcome = await FhirHttp.ReadAsync<OperationOutcome>(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(outcome.Issue, i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal);
        Assert.Equal(OperationOutcome.IssueSeverity.Information, outcome.Issue[0].Severity);
    }

    [Fact]
    public async Task A_TDDUI_transaction_with_one_invalid_entry_returns_422_naming_the_entry_and_stores_nothing()
    {
        var bundle = Example("Bundle-tddui-bundle-example.json");
        var encounters = (await SearchAsync("Encounter?_summary=count")).Total;
        var sejour = bundle["entry"]!.AsArray().First(e => e!["resource"]!["resourceType"]!.GetValue<string>() == "Encounter")!;
        sejour["resource"]!.AsObject().Remove("serviceProvider");

        using var response = await server.Client.PostAsync(string.Empty, FhirHttp.Json(bundle.ToJsonString()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var outcome = await FhirHttp.ReadAsync<OperationOutcome>(response);
        Assert.Contains(outcome.Issue, i => i.Diagnostics.Contains("serviceProvider", StringComparison.Ordinal));
        Assert.Equal(encounters, (await SearchAsync("Encounter?_summary=count")).Total);
    }

    [Fact]
    public async Task A_TDDUI_bundle_with_a_PUT_entry_is_refused_as_a_whole_before_any_entry_runs()
    {
        var bundle = Example("Bundle-tddui-bundle-example.json");
        var patients = (await SearchAsync("Patient?_summary=count")).Total;
        bundle["entry"]![0]!["request"]!["method"] = "PUT";
        bundle["entry"]![0]!["request"]!["url"] = "Patient/tddui-put-" + Guid.NewGuid().ToString("N")[..8];

        using var response = await server.Client.PostAsync(string.Empty, FhirHttp.Json(bundle.ToJsonString()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var outcome = await FhirHttp.ReadAsync<OperationOutcome>(response);
        Assert.Contains(outcome.Issue, i => i.Diagnostics.Contains("does not match pattern 'POST'", StringComparison.Ordinal) && i.Expression.Any(e => e.StartsWith("Bundle.entry[0].request", StringComparison.Ordinal)));
        Assert.Equal(patients, (await SearchAsync("Patient?_summary=count")).Total);
    }

    [Fact]
    public async Task A_profile_stored_through_the_API_takes_part_in_validation()
    {
        var url = $"https://esms.example.fr/StructureDefinition/usager-{Guid.NewGuid():N}";
        var profile = new StructureDefinition
        {
            Url = url,
            Name = "UsagerLocal",
            Status = PublicationStatus.Active,
            Kind = StructureDefinition.StructureDefinitionKind.Resource,
            Abstract = false,
            Type = "Patient",
            BaseDefinition = "http://hl7.org/fhir/StructureDefinition/Patient",
            Derivation = StructureDefinition.TypeDerivationRule.Constraint,
            Differential = new StructureDefinition.DifferentialComponent { Element = [new ElementDefinition("Patient"), new ElementDefinition("Patient.birthDate") { Min = 1 }] },
        };
        using (var stored = await server.Client.PostAsync("StructureDefinition", FhirHttp.Json(profile)))
        {
            Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        }

        var withoutBirthDate = FhirHttp.NewPatient("Locale");
        withoutBirthDate.BirthDate = null;
        withoutBirthDate.Meta = new Meta { Profile = [url] };
        using var refused = await server.Client.PostAsync("Patient", FhirHttp.Json(withoutBirthDate));
        var withBirthDate = FhirHttp.NewPatient("Locale");
        withBirthDate.Meta = new Meta { Profile = [url] };
        using var accepted = await server.Client.PostAsync("Patient", FhirHttp.Json(withBirthDate));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains((await FhirHttp.ReadAsync<OperationOutcome>(refused)).Issue, i => i.Diagnostics.Contains("birthDate", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Fact]
    public async Task Expand_lookup_and_validate_code_answer_from_the_packages()
    {
        var expansion = await FhirHttp.ReadAsync<ValueSet>(await server.Client.GetAsync("ValueSet/$expand?url=https://hl7.fr/ig/fhir/core/ValueSet/fr-core-vs-patient-gender-INS"));
        var lookup = await FhirHttp.ReadAsync<Parameters>(await server.Client.GetAsync("CodeSystem/$lookup?system=https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0445&code=VALI"));
        var valid = await FhirHttp.ReadAsync<Parameters>(await server.Client.GetAsync("ValueSet/$validate-code?url=https://hl7.fr/ig/fhir/core/ValueSet/fr-core-vs-patient-gender-INS&system=http://hl7.org/fhir/administrative-gender&code=female"));
        var invalid = await FhirHttp.ReadAsync<Parameters>(await server.Client.GetAsync("ValueSet/$validate-code?url=https://hl7.fr/ig/fhir/core/ValueSet/fr-core-vs-patient-gender-INS&system=http://hl7.org/fhir/administrative-gender&code=other"));

        Assert.Equal(["female", "male", "unknown"], expansion.Expansion.Contains.Select(c => c.Code).Order(StringComparer.Ordinal));
        Assert.Equal("Identité validée", lookup.GetSingleValue<FhirString>("display")?.Value);
        Assert.True(valid.GetSingleValue<FhirBoolean>("result")?.Value);
        Assert.False(invalid.GetSingleValue<FhirBoolean>("result")?.Value);
    }

    [Fact]
    public async Task Paging_and_filtering_an_expansion_leave_the_value_set_unchanged_for_the_next_request()
    {
        var url = $"https://esms.example.fr/ValueSet/modes-accueil-{Guid.NewGuid():N}";
        var valueSet = new ValueSet
        {
            Url = url,
            Status = PublicationStatus.Active,
            Expansion = new ValueSet.ExpansionComponent
            {
                Timestamp = "2026-12-01",
                Contains = [.. new[] { "internat", "accueil-de-jour", "accueil-temporaire" }.Select(c => new ValueSet.ContainsComponent { System = "https://esms.example.fr/modes", Code = c, Display = c })],
            },
        };
        using (var stored = await server.Client.PostAsync("ValueSet", FhirHttp.Json(valueSet)))
        {
            stored.EnsureSuccessStatusCode();
        }

        var filtered = await FhirHttp.ReadAsync<ValueSet>(await server.Client.GetAsync($"ValueSet/$expand?url={url}&filter=accueil&count=1"));
        var whole = await FhirHttp.ReadAsync<ValueSet>(await server.Client.GetAsync($"ValueSet/$expand?url={url}"));

        Assert.Equal(2, filtered.Expansion.Total);
        Assert.Single(filtered.Expansion.Contains);
        Assert.Equal(3, whole.Expansion.Contains.Count);
    }

    [Fact]
    public async Task Expanding_a_value_set_that_is_not_here_or_needs_a_terminology_server_is_a_clear_error()
    {
        using var unknown = await server.Client.GetAsync("ValueSet/$expand?url=https://example.org/ValueSet/none");
        using var external = await server.Client.GetAsync("CodeSystem/$lookup?system=http://snomed.info/sct&code=22298006");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, external.StatusCode);
        Assert.Contains("is not among the concepts this server has of http://snomed.info/sct", (await FhirHttp.ReadAsync<OperationOutcome>(external)).Issue[0].Diagnostics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_search_parameter_of_a_package_takes_effect_in_search()
    {
        var document = new DocumentReference
        {
            Status = DocumentReferenceStatus.Current,
            Content = [new DocumentReference.ContentComponent { Attachment = new Attachment { ContentType = "text/plain", Data = "Ym9uam91cg=="u8.ToArray() } }],
            Extension = [new Extension("https://interop.esante.gouv.fr/ig/fhir/pdsm/StructureDefinition/pdsm-ext-is-archived", new FhirBoolean(true))],
        };
        using var created = await server.Client.PostAsync("DocumentReference", FhirHttp.Json(document));
        var id = (await FhirHttp.ReadAsync<DocumentReference>(created)).Id;
        using var request = new HttpRequestMessage(HttpMethod.Get, "DocumentReference?isArchived=true&_count=1000");
        request.Headers.Add("Prefer", "handling=strict");

        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains((await FhirHttp.ReadAsync<Bundle>(response)).Entry, e => e.Resource?.Id == id);
    }

    [Fact]
    public async Task In_and_not_in_search_by_the_codes_of_a_package_value_set()
    {
        var family = "Vs" + Guid.NewGuid().ToString("N")[..8];
        foreach (var gender in new[] { AdministrativeGender.Female, AdministrativeGender.Other })
        {
            var patient = FhirHttp.NewPatient(family);
            patient.Gender = gender;
            using var created = await server.Client.PostAsync("Patient", FhirHttp.Json(patient));
            created.EnsureSuccessStatusCode();
        }

        const string InsGenders = "https://hl7.fr/ig/fhir/core/ValueSet/fr-core-vs-patient-gender-INS";
        var inSet = await SearchAsync($"Patient?family={family}&gender:in={InsGenders}");
        var notInSet = await SearchAsync($"Patient?family={family}&gender:not-in={InsGenders}");
        using var unknown = await server.Client.GetAsync($"Patient?gender:in=https://example.org/ValueSet/none");

        Assert.Equal(AdministrativeGender.Female, ((Patient)Assert.Single(inSet.Entry).Resource).Gender);
        Assert.Equal(AdministrativeGender.Other, ((Patient)Assert.Single(notInSet.Entry).Resource).Gender);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    // The published example's INS (147720425367411) has a wrong key: 97 - 1477204253674 mod 97 = 30.
    private const string TdduiInsWithRightKey = "147720425367430";

    private static JsonObject Example(string file) => JsonNode.Parse(File.ReadAllBytes(Path.Combine(Examples, file)))!.AsObject();

    private async Task<Bundle> SearchAsync(string query) => await FhirHttp.ReadAsync<Bundle>(await server.Client.GetAsync(query));

    // The packages' resources are stored in the background after start-up.
    private async Task<Bundle> WaitForPackageResourcesAsync()
    {
        await server.WaitForPackagesAsync();
        return await SearchAsync("StructureDefinition?url=https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient");
    }
}

[Collection(FrenchProfilesSqliteServers.Name)]
public sealed class SqliteProfileValidationTests(FrenchProfilesSqliteServer server) : ProfileValidationTests(server);

[Collection(FrenchProfilesPostgresServers.Name)]
public sealed class PostgresProfileValidationTests(FrenchProfilesPostgresServer server) : ProfileValidationTests(server);
