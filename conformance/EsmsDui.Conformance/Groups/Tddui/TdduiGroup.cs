using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EsmsDui.Conformance.Groups.Common;
using EsmsDui.Conformance.Http;
using EsmsDui.Conformance.Model;
using Hl7.Fhir.Model;

namespace EsmsDui.Conformance.Groups.Tddui;

/// <summary>
/// Group 4: TDDUI 2.2.0 flux 1.1 — a published record imported all or nothing, exported as a valid
/// <c>tddui-bundle</c>, and the same record after export → import → export.
/// </summary>
public static partial class TdduiGroup
{
    /// <summary>The group.</summary>
    public static TestGroup Create() => new(4, "TDDUI flux 1.1 (export and import)", "The preset's client; the packages folder (--packages) with the TDDUI 2.2.0 examples, or tdduiExample; the export operation (tdduiExport, by default Patient/{id}/$tddui-export).",
    [
        new("4.01", "A published TDDUI bundle is imported: 200 and a transaction-response with 201 per entry", ["tddui@2"], ImportAsync),
        new("4.02", "An import with one failing entry creates nothing", ["tddui@3"], FailingImportAsync),
        new("4.03", "The export of the record is a tddui-bundle transaction of POST entries, valid against TDDUI 2.2.0 (checked by the suite)", ["tddui@1", "tddui@4"], ExportAsync),
        new("4.04", "Export, import of the export, export again: the same record", ["tddui@9"], RoundTripAsync),
    ]);

    private static Task<(JsonObject Sent, string Usager)> ImportedAsync(TestContext context) =>
        context.State.OnceAsync("tddui-import", async () =>
        {
            var bundle = TdduiBundles.UniqueExample(context);
            return (bundle, await PostAsync(context, bundle));
        });

    private static async Task<string> PostAsync(TestContext context, JsonObject bundle)
    {
        var response = (await context.Client.SendAsync(HttpMethod.Post, string.Empty, bundle.ToJsonString())).Expect<Bundle>(200);
        foreach (var entry in response.Entry)
        {
            if (Writes.ReferenceOf(entry.Response?.Location) is { } created)
            {
                context.State.Remember(created);
            }
        }

        Check.That(response.Type == Bundle.BundleType.TransactionResponse, $"The import answered a {response.Type} Bundle.");
        var statuses = response.Entry.Select(e => e.Response?.Status ?? "none").ToList();
        Check.That(statuses.Count == bundle["entry"]!.AsArray().Count && statuses.All(s => s.StartsWith("201", StringComparison.Ordinal)), $"Entry statuses {string.Join(", ", statuses)}: 201 expected for each of the {bundle["entry"]!.AsArray().Count} entries.");
        return TdduiBundles.CreatedUsager(bundle, response);
    }

    private static async Task ImportAsync(TestContext context) => await ImportedAsync(context);

    private static async Task FailingImportAsync(TestContext context)
    {
        var bundle = TdduiBundles.UniqueExample(context);
        var entries = bundle["entry"]!.AsArray();
        var last = entries[entries.Count - 1]!;
        // The last entry asks to create a resource under another type's URL: refused by any server.
        last["request"]!["url"] = (string?)last["resource"]!["resourceType"] == "Patient" ? "Organization" : "Patient";
        var answer = await context.Client.SendAsync(HttpMethod.Post, string.Empty, bundle.ToJsonString());
        var local = TdduiBundles.LocalIdentifier(bundle);
        var search = (await context.Client.GetAsync($"Patient?identifier={Uri.EscapeDataString(Usagers.LocalIdentifier + "|" + local)}")).Expect<Bundle>(200);
        foreach (var found in search.Entry.Where(e => e.Resource is Patient))
        {
            context.State.Remember("Patient/" + found.Resource!.Id);
        }

        Check.That(answer.Status >= 400, $"The import with a failing entry answered {answer.Status}.");
        answer.ExpectOutcome();
        Check.That(!search.Entry.Any(e => e.Resource is Patient), "The usager of the refused import was stored: the import was half applied.");
    }

    private static async Task<Bundle> ExportOfAsync(TestContext context, string usager)
    {
        var template = context.Preset.TdduiExport;
        if (template == TdduiDefaultExport)
        {
            await context.State.RequireOperationAsync(context, "Patient", "tddui-export");
        }

        var answer = await context.Client.GetAsync(template.Replace("{id}", usager, StringComparison.Ordinal));
        var export = answer.Expect<Bundle>(200);
        context.Proofs.Keep($"export-{usager}.json", answer.Body);
        return export;
    }

    private const string TdduiDefaultExport = "Patient/{id}/$tddui-export";

    private static async Task ExportAsync(TestContext context)
    {
        var (_, usager) = await ImportedAsync(context);
        var export = await ExportOfAsync(context, usager);
        Check.That(export.Type == Bundle.BundleType.Transaction, $"The export is a {export.Type} Bundle, not a transaction.");
        Check.That(export.Entry.Count > 0 && export.Entry.All(e => e.Request?.Method == Bundle.HTTPVerb.POST), "Not every entry of the export is a POST.");
        var locals = export.Entry.Select(e => e.Resource).OfType<Patient>().SelectMany(p => p.Identifier).Where(i => i.System == Usagers.LocalIdentifier).Select(i => i.Value ?? string.Empty).ToList();
        Check.That(locals.Count > 0 && locals.All(v => LocalIdentifierValue().IsMatch(v)), $"The usager's local identifier ({string.Join(", ", locals)}) is not 3+FINESS/idLocal.");
        await context.Validator.ExpectValidAsync(export, TdduiBundles.BundleProfile, "The export");
    }

    private static async Task RoundTripAsync(TestContext context)
    {
        var (_, usager) = await ImportedAsync(context);
        var first = await ExportOfAsync(context, usager);
        // Imported again with new identifiers (the first usager is still there), then exported.
        var again = TdduiBundles.MakeUnique(JsonNode.Parse(FhirActor.Json(first))!.AsObject());
        var copy = await PostAsync(context, again);
        var second = await ExportOfAsync(context, copy);
        var expected = Normalized(again);
        var actual = Normalized(JsonNode.Parse(FhirActor.Json(second))!.AsObject());
        var differences = expected.Zip(actual).Select((p, i) => (p, i)).Where(x => x.p.First != x.p.Second).Select(x => $"entry {x.i}").ToList();
        Check.That(expected.Count == actual.Count, $"The second export holds {actual.Count} entries, the first {expected.Count}.");
        Check.That(differences.Count == 0, $"The second export differs from the first in {string.Join(", ", differences)}.");
    }

    // Each entry's resource with the urn:uuid full URLs replaced by entry positions (references compare by
    // target) and without id and meta other than profiles (each server assigns its own).
    private static List<string> Normalized(JsonObject bundle)
    {
        var entries = bundle["entry"]!.AsArray();
        var positions = entries.Select((e, i) => ((string?)e?["fullUrl"] ?? string.Empty, i)).Where(x => x.Item1.Length > 0).ToDictionary(x => x.Item1, x => $"#entry{x.i}");
        return [.. entries.Select(e =>
        {
            var resource = e!["resource"]!.DeepClone().AsObject();
            resource.Remove("id");
            if (resource["meta"] is JsonObject meta)
            {
                resource["meta"] = new JsonObject { ["profile"] = meta["profile"]?.DeepClone() };
            }

            return Uuid().Replace(resource.ToJsonString(), m => positions.GetValueOrDefault(m.Value, "#outside"));
        })];
    }

    [GeneratedRegex("urn:uuid:[0-9a-fA-F-]{36}")]
    private static partial Regex Uuid();

    [GeneratedRegex(@"^3\d{9}/.+$")]
    private static partial Regex LocalIdentifierValue();
}
