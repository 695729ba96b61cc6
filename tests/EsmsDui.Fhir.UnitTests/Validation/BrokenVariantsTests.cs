using System.Text.Json.Nodes;
using EsmsDui.Fhir.UnitTests.Packages;
using EsmsDui.Fhir.Validation;

namespace EsmsDui.Fhir.UnitTests.Validation;

/// <summary>
/// Variants derived from the published TDDUI examples, each broken in one way, are rejected with the expected
/// message at the expected location (and the unbroken example is not).
/// </summary>
public sealed class BrokenVariantsTests(ConformanceFixture fixture) : IClassFixture<ConformanceFixture>
{
    private const string PatientIns = "from-bundles/Patient-tddui-patient-ins-example.json";
    private const string Patient = "Patient-tddui-patient-example.json";
    private const string Sejour = "from-bundles/Encounter-tddui-encounter-sejour-example.json";
    private const string Evenement = "from-bundles/Encounter-tddui-encounter-evenement-example.json";
    private const string ProjetPersonnalise = "from-bundles/CarePlan-tddui-pp-pa-careplan-example.json";
    private const string Accord = "from-bundles/Consent-tddui-pp-pa-consent-accord-example.json";
    private const string Objectif = "from-bundles/Goal-tddui-pp-pa-goal-objectif-1-example.json";
    private const string Besoin = "from-bundles/ServiceRequest-tddui-pp-pa-servicerequest-besoin-1-example.json";
    private const string Action = "from-bundles/Task-tddui-pp-pa-task-action-1-ide-example.json";
    private const string Organization = "from-bundles/Organization-tddui-organization-example.json";
    private const string Aggir = "QuestionnaireResponse-tddui-questionnaire-response-aggir-pa-example.json";
    private const string Transport = "Task-tddui-task-transport-example.json";
    private const string Contact = "RelatedPerson-tddui-related-person-contact-example.json";
    private const string Bundle = "Bundle-tddui-bundle-example.json";

    /// <summary>Name → (example, what breaks it, a fragment of the expected message, a fragment of the expected location).</summary>
    private static readonly Dictionary<string, (string File, Action<JsonObject> Break, string Message, string Location)> Variants = new()
    {
        ["INS patient without birthplace INSEE code"] = (PatientIns, p => Ext(p, "patient-birthPlace")["valueAddress"]!.AsObject().Remove("extension"), "No elements matched required slice: 'extension:inseeCode'", "Patient.extension[1].value[0]"),
        ["INS patient without birthplace"] = (PatientIns, p => RemoveExt(p, "patient-birthPlace"), "No elements matched required slice: 'extension:birthPlace'", "Patient"),
        ["INS with a wrong OID"] = (PatientIns, p => p["identifier"]![0]!["system"] = "urn:oid:1.2.250.1.213.1.4.99", "does not match pattern 'urn:oid:1.2.250.1.213.1.4.8'", "Patient.identifier[0].system"),
        ["gender outside the INS value set"] = (PatientIns, p => p["gender"] = "other", "Code 'other' does not exist in the value set 'FR Core ValueSet Patient gender INS ValueSet'", "Patient.gender"),
        ["identity status VALI without INS identifier"] = (PatientIns, p => p["identifier"]!.AsArray().RemoveAt(0), "fr-core-1", "Patient"),
        ["INS patient without identity reliability"] = (PatientIns, p => RemoveExt(p, "fr-core-identity-reliability"), "No elements matched required slice: 'extension:identityReliability'", "Patient"),
        ["INS patient without gender"] = (PatientIns, p => p.Remove("gender"), "Missing required member: 'gender'", "Patient"),
        ["INS patient with two INS-NIR"] = (PatientIns, p => p["identifier"]!.AsArray().Add(p["identifier"]![0]!.DeepClone()), "not within the specified cardinality of 0..1 (for slice INS-NIR)", "Patient"),
        ["official name without family"] = (PatientIns, p => p["name"]![0]!.AsObject().Remove("family"), "Missing required member: 'family' (for slice officialName)", "Patient.name[0]"),
        ["INS identifier without type"] = (PatientIns, p => p["identifier"]![0]!.AsObject().Remove("type"), "Missing required member: 'type'", "Patient.identifier[0]"),
        ["patient with two local identifiers"] = (Patient, p => p["identifier"]!.AsArray().Add(p["identifier"]!.AsArray().First(i => i!["system"]?.GetValue<string>().Contains("localusager", StringComparison.Ordinal) == true)!.DeepClone()), "not within the specified cardinality of 0..1 (for slice PI)", "Patient"),
        ["TDDUI séjour without serviceProvider"] = (Sejour, e => e.Remove("serviceProvider"), "Missing required member: 'serviceProvider'", "Encounter"),
        ["TDDUI séjour without subject"] = (Sejour, e => e.Remove("subject"), "Missing required member: 'subject'", "Encounter"),
        ["TDDUI séjour without class"] = (Sejour, e => e.Remove("class"), "Missing required member: 'class'", "Encounter"),
        ["TDDUI événement without subject"] = (Evenement, e => e.Remove("subject"), "Missing required member: 'subject'", "Encounter"),
        ["projet personnalisé without structure consent"] = (ProjetPersonnalise, c => RemoveSupportingInfo(c, "accordStructure"), "No elements matched required slice: 'supportingInfo:accordStructure'", "CarePlan"),
        ["projet personnalisé without subject"] = (ProjetPersonnalise, c => c.Remove("subject"), "Missing required member: 'subject'", "CarePlan"),
        ["projet personnalisé without status"] = (ProjetPersonnalise, c => c.Remove("status"), "Missing required member: 'status'", "CarePlan"),
        ["accord without status"] = (Accord, c => c.Remove("status"), "Missing required member: 'status'", "Consent"),
        ["accord without scope"] = (Accord, c => c.Remove("scope"), "Missing required member: 'scope'", "Consent"),
        ["objectif without identifier"] = (Objectif, g => g.Remove("identifier"), "Missing required member: 'identifier'", "Goal"),
        ["objectif with an identifier of the wrong system"] = (Objectif, g => g["identifier"]![0]!["system"] = "https://example.org/objectifs", "does not match pattern 'https://identifiant-medicosocial-objectif.esante.gouv.fr'", "Goal.identifier[0].system"),
        ["objectif without title note"] = (Objectif, g => g.Remove("note"), "No elements matched required slice: 'note:titreObjectif'", "Goal"),
        ["objectif without the reference to its projet"] = (Objectif, g => RemoveExt(g, "tddui-careplan-reference"), "No elements matched required slice: 'extension:referenceProjetPerso'", "Goal"),
        ["besoin without subject"] = (Besoin, s => s.Remove("subject"), "Missing required member: 'subject'", "ServiceRequest"),
        ["action without status"] = (Action, t => t.Remove("status"), "Missing required member: 'status'", "Task"),
        ["action without intent"] = (Action, t => t.Remove("intent"), "Missing required member: 'intent'", "Task"),
        ["transport without status"] = (Transport, t => t.Remove("status"), "Missing required member: 'status'", "Task"),
        ["organization without identifier"] = (Organization, o => o.Remove("identifier"), "No elements matched required slice: 'identifier:idNatSt'", "Organization"),
        ["AGGIR response without questionnaire"] = (Aggir, q => q.Remove("questionnaire"), "Missing required member: 'questionnaire'", "QuestionnaireResponse"),
        ["contact without patient"] = (Contact, r => r.Remove("patient"), "Missing required member: 'patient'", "RelatedPerson"),
        ["TDDUI bundle with a PUT entry"] = (Bundle, b => b["entry"]![0]!["request"]!["method"] = "PUT", "Value 'PUT' does not match pattern 'POST' (for slice DUIPatientINS)", "Bundle.entry[0].request[0].method"),
        ["TDDUI bundle entry without request"] = (Bundle, b => b["entry"]![0]!.AsObject().Remove("request"), "Missing required member: 'request' (for slice DUIPatientINS)", "Bundle.entry[0]"),
        ["TDDUI bundle of type batch"] = (Bundle, b => b["type"] = "batch", "Value 'batch' does not match pattern 'transaction'", "Bundle.type"),
    };

    public static TheoryData<string> Names => [.. Variants.Keys];

    public static TheoryData<string> Files => [.. Variants.Values.Select(v => v.File).Distinct()];

    [Theory]
    [MemberData(nameof(Files))]
    public void The_unbroken_example_is_valid(string file)
    {
        var outcome = fixture.Validator.Validate(fixture.Serializer.ParseJson(System.Text.Encoding.UTF8.GetBytes(Load(file).ToJsonString())), [], declaredProfiles: true);

        Assert.DoesNotContain(outcome.Issue, WriteValidation.IsError);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_broken_variant_is_rejected_with_the_expected_message_and_location(string name)
    {
        var (file, breakIt, message, location) = Variants[name];
        var json = Load(file);
        breakIt(json);

        var outcome = fixture.Validator.Validate(fixture.Serializer.ParseJson(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString())), [], declaredProfiles: true);

        var errors = outcome.Issue.Where(WriteValidation.IsError).ToList();
        Assert.True(errors.Count > 0, $"{name}: no error");
        Assert.True(
            errors.Exists(e => (e.Diagnostics ?? string.Empty).Contains(message, StringComparison.Ordinal) && e.Expression.Any(x => x.Contains(location, StringComparison.Ordinal))),
            $"{name}: expected '{message}' at '{location}', got:\n" + string.Join("\n", errors.Select(e => $"{string.Join(",", e.Expression)} | {e.Diagnostics}")));
    }

    private static JsonObject Load(string file) =>
        JsonNode.Parse(File.ReadAllBytes(Path.Combine(SharedPackages.Folder, "examples", "tddui-2.2.0", file)))!.AsObject();

    private static JsonObject Ext(JsonObject resource, string urlEnd) =>
        resource["extension"]!.AsArray().First(e => e!["url"]!.GetValue<string>().EndsWith(urlEnd, StringComparison.Ordinal))!.AsObject();

    private static void RemoveExt(JsonObject resource, string urlEnd) =>
        resource["extension"]!.AsArray().Remove(Ext(resource, urlEnd));

    private static void RemoveSupportingInfo(JsonObject carePlan, string discriminator)
    {
        var infos = carePlan["supportingInfo"]!.AsArray();
        foreach (var info in infos.Where(i => i!.ToJsonString().Contains($"\"{discriminator}\"", StringComparison.Ordinal)).ToList())
        {
            infos.Remove(info);
        }

        if (infos.Count == 0)
        {
            carePlan.Remove("supportingInfo");
        }
    }
}
