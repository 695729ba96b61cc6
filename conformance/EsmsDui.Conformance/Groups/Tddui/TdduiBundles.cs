using System.Text.Json.Nodes;
using EsmsDui.Conformance.Groups.Common;
using EsmsDui.Conformance.Model;
using Hl7.Fhir.Model;

namespace EsmsDui.Conformance.Groups.Tddui;

/// <summary>
/// The TDDUI flux the suite imports: the published example <c>Bundle-tddui-bundle-example.json</c> of TDDUI 2.2.0
/// (from the packages folder's <c>examples/tddui-2.2.0/</c>, or the preset's <c>tdduiExample</c>), with a new local
/// identifier and a new INS with its right key on each use, so that each import is a new usager.
/// </summary>
public static class TdduiBundles
{
    /// <summary>The example's file name.</summary>
    public const string ExampleFile = "Bundle-tddui-bundle-example.json";

    /// <summary>The TDDUI Bundle profile.</summary>
    public const string BundleProfile = "https://interop.esante.gouv.fr/ig/fhir/tddui/StructureDefinition/tddui-bundle";

    /// <summary>The example, made unique; skips the test when neither the packages folder nor the preset gives it.</summary>
    public static JsonObject UniqueExample(TestContext context)
    {
        var path = context.Preset.TdduiExample
            ?? (context.Validator.Folder is { } packages ? Path.Combine(packages, "examples", "tddui-2.2.0", ExampleFile) : null);
        if (path is null || !File.Exists(path))
        {
            throw Check.Skip($"The published TDDUI example {ExampleFile} was not found: give it with tdduiExample in the preset, or a packages folder holding examples/tddui-2.2.0/.");
        }

        return MakeUnique(JsonNode.Parse(File.ReadAllBytes(path))!.AsObject());
    }

    /// <summary>New local identifiers and INS (right key) on every usager of <paramref name="bundle"/>.</summary>
    public static JsonObject MakeUnique(JsonObject bundle)
    {
        foreach (var patient in Resources(bundle, "Patient"))
        {
            foreach (var identifier in patient["identifier"]?.AsArray().Select(i => i!) ?? [])
            {
                var system = (string?)identifier["system"];
                var value = (string?)identifier["value"] ?? string.Empty;
                if (system == Usagers.LocalIdentifier)
                {
                    identifier["value"] = value.Split('/')[0] + "/" + Guid.NewGuid().ToString("N")[..12];
                }
                else if (system == Usagers.InsNir)
                {
                    identifier["value"] = Usagers.NewIns(female: value.StartsWith('2'));
                }
            }
        }

        return bundle;
    }

    /// <summary>The resources of one type in a Bundle's JSON.</summary>
    public static IEnumerable<JsonNode> Resources(JsonObject bundle, string type) =>
        bundle["entry"]?.AsArray().Select(e => e?["resource"]).Where(r => (string?)r?["resourceType"] == type).Select(r => r!) ?? [];

    /// <summary>The local identifier of the bundle's usager.</summary>
    public static string LocalIdentifier(JsonObject bundle) =>
        Resources(bundle, "Patient").SelectMany(p => p["identifier"]?.AsArray() ?? []).Where(i => (string?)i?["system"] == Usagers.LocalIdentifier).Select(i => (string?)i!["value"]).FirstOrDefault()
            ?? throw new InvalidOperationException("The TDDUI example has no usager local identifier.");

    /// <summary>The id of the usager a transaction created (its response entries follow the request entries).</summary>
    public static string CreatedUsager(JsonObject request, Bundle response)
    {
        var index = request["entry"]!.AsArray().Select(e => (string?)e?["resource"]?["resourceType"]).ToList().IndexOf("Patient");
        Check.That(index >= 0 && index < response.Entry.Count, "The transaction-response has fewer entries than the transaction.");
        var reference = Writes.ReferenceOf(response.Entry[index].Response?.Location) ?? throw Check.Fail($"The usager's entry location '{response.Entry[index].Response?.Location}' is not Patient/[id].");
        return reference.Split('/')[1];
    }
}
