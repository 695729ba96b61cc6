using System.Text.Json;
using EsmsDui.Fhir.Requests;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.Http;

/// <summary>What an audited request was (its RESTful interaction and action) and which resources it concerned.</summary>
internal static class AuditedInteraction
{
    // A search page holds at most the page; an export more: the usagers and this many other resources are named.
    private const int MaxEntities = 200;

    private static readonly string[] PatientElements = ["subject", "patient", "beneficiary"];

    /// <summary>The interaction (code of http://hl7.org/fhir/restful-interaction) and the action (C/R/U/D/E).</summary>
    public static (string Subtype, string Action) Of(string method, FhirTarget target, FhirResponse? response) =>
        (method.ToUpperInvariant(), target.Kind) switch
        {
            ("GET" or "HEAD", FhirTargetKind.System) => ("search-system", "E"),
            ("POST", FhirTargetKind.System) => response?.Resource is Bundle { Type: Bundle.BundleType.BatchResponse } ? ("batch", "E") : ("transaction", "E"),
            (_, FhirTargetKind.SystemHistory) => ("history-system", "R"),
            (_, FhirTargetKind.SystemOperation or FhirTargetKind.TypeOperation or FhirTargetKind.InstanceOperation) => ("operation", "E"),
            ("POST", FhirTargetKind.TypeSearch) => ("search-type", "E"),
            (_, FhirTargetKind.TypeHistory) => ("history-type", "R"),
            ("GET" or "HEAD", FhirTargetKind.Type) => ("search-type", "E"),
            ("POST", FhirTargetKind.Type) => ("create", "C"),
            ("PUT", FhirTargetKind.Type or FhirTargetKind.Instance) => ("update", "U"),
            ("PATCH", FhirTargetKind.Type or FhirTargetKind.Instance) => ("patch", "U"),
            ("DELETE", FhirTargetKind.Type or FhirTargetKind.Instance) => ("delete", "D"),
            (_, FhirTargetKind.InstanceHistory) => ("history-instance", "R"),
            (_, FhirTargetKind.InstanceVersion) => ("vread", "R"),
            (_, FhirTargetKind.Compartment) => ("search", "E"),
            _ => ("read", "R"),
        };

    /// <summary>The resources concerned, usagers first: the URL's target, then what the answer holds.</summary>
    public static IReadOnlyList<string> Entities(FhirTarget target, FhirResponse? response)
    {
        var patients = new List<string>();
        var others = new List<string>();
        void Add(string? reference)
        {
            if (reference is null || patients.Contains(reference) || others.Contains(reference))
            {
                return;
            }

            (reference.StartsWith("Patient/", StringComparison.Ordinal) ? patients : others).Add(reference);
        }

        if (ModelInfo.IsKnownResource(target.Type))
        {
            Add(target.Resource);
        }

        switch (response?.Resource)
        {
            case Bundle bundle:
                foreach (var entry in bundle.Entry)
                {
                    if (entry.Resource is { Id: not null } resource and not OperationOutcome)
                    {
                        Add($"{resource.TypeName}/{resource.Id}");
                        PatientsOf(resource).ForEach(Add);
                    }
                    else if (entry.Response?.Location is { } location && location.Split('/') is [var type, var id, ..])
                    {
                        Add($"{type}/{id}");
                    }
                }

                break;
            case { Id: not null } resource and not OperationOutcome and not Parameters:
                Add($"{resource.TypeName}/{resource.Id}");
                PatientsOf(resource).ForEach(Add);
                break;
            case null when response?.Stored is { } stored:
                Add($"{stored.ResourceType}/{stored.Id}");
                PatientsOf(stored.Json).ForEach(Add);
                break;
        }

        return [.. patients, .. others.Take(MaxEntities)];
    }

    private static List<string> PatientsOf(Resource resource) =>
        [.. resource.EnumerateElements()
            .Where(e => PatientElements.Contains(e.Key))
            .SelectMany(e => e.Value switch
            {
                ResourceReference one => [one],
                IEnumerable<ResourceReference> many => many,
                _ => [],
            })
            .Select(r => r.Reference)
            .OfType<string>()
            .Where(r => r.StartsWith("Patient/", StringComparison.Ordinal))];

    // A read answers the stored JSON as is: its top-level references to the usager are read from it.
    private static List<string> PatientsOf(ReadOnlyMemory<byte> json)
    {
        if (json.IsEmpty)
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        var found = new List<string>();
        foreach (var name in PatientElements)
        {
            if (document.RootElement.TryGetProperty(name, out var element))
            {
                foreach (var item in element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : Enumerable.Repeat(element, 1))
                {
                    if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("reference", out var reference) && reference.GetString() is { } text && text.StartsWith("Patient/", StringComparison.Ordinal))
                    {
                        found.Add(text);
                    }
                }
            }
        }

        return found;
    }
}
