using System.Text.Json;
using EsmsDui.Fhir.Requests;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.Http;

/// <summary>What an audited request was (its RESTful interaction and action) and which resources it concerned.</summary>
internal static class AuditedInteraction
{
    /// <summary>The HttpContext item holding the first issue of an error answer.</summary>
    public const string OutcomeKey = "audit.outcome";

    // A search page holds at most the page; an export more: the usagers and this many other resources are named.
    private const int MaxEntities = 200;

    private static readonly string[] PatientElements = ["subject", "patient", "beneficiary"];

    /// <summary>The interaction (code of http://hl7.org/fhir/restful-interaction) and the action (C/R/U/D/E).</summary>
    public static (string Subtype, string Action) Of(string method, string rest, FhirResponse? response)
    {
        var segments = rest.Length == 0 ? [] : rest.Split('/');
        return (method.ToUpperInvariant(), segments) switch
        {
            ("GET" or "HEAD", []) => ("search-system", "E"),
            ("POST", []) => response?.Resource is Bundle { Type: Bundle.BundleType.BatchResponse } ? ("batch", "E") : ("transaction", "E"),
            (_, ["_history"]) => ("history-system", "R"),
            _ when segments.Length is >= 1 and <= 3 && segments[^1].StartsWith('$') => ("operation", "E"),
            ("POST", [_, "_search"]) => ("search-type", "E"),
            (_, [_, "_history"]) => ("history-type", "R"),
            ("GET" or "HEAD", [_]) => ("search-type", "E"),
            ("POST", [_]) => ("create", "C"),
            ("PUT", [_] or [_, _]) => ("update", "U"),
            ("PATCH", [_] or [_, _]) => ("patch", "U"),
            ("DELETE", [_] or [_, _]) => ("delete", "D"),
            (_, [_, _, "_history"]) => ("history-instance", "R"),
            (_, [_, _, "_history", _]) => ("vread", "R"),
            (_, [_, _, _]) => ("search", "E"),
            _ => ("read", "R"),
        };
    }

    /// <summary>The resources concerned, usagers first: the URL's target, then what the answer holds.</summary>
    public static IReadOnlyList<string> Entities(string rest, FhirResponse? response)
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

        var segments = rest.Split('/');
        if (segments.Length >= 2 && Hl7.Fhir.Model.ModelInfo.IsKnownResource(segments[0]) && !segments[1].StartsWith('$') && !segments[1].StartsWith('_'))
        {
            Add($"{segments[0]}/{segments[1]}");
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
