using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using EsmsDui.Fhir.Errors;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Patching;

/// <summary>
/// Applies an RFC 6902 JSON Patch to the JSON of a resource. A malformed patch document is a 400; an
/// operation that cannot apply (missing path, failed <c>test</c>) is a 422. The caller re-parses the result,
/// so a patch can never store an invalid resource.
/// </summary>
public static class JsonPatchApplier
{
    /// <summary>Applies the patch and returns the patched JSON document.</summary>
    public static JsonNode Apply(ReadOnlySpan<byte> resourceJson, ReadOnlySpan<byte> patchJson)
    {
        if (!Utf8.IsValid(patchJson))
        {
            throw Malformed("The JSON Patch document is not valid UTF-8.");
        }

        JsonArray operations;
        try
        {
            operations = JsonNode.Parse(patchJson) as JsonArray
                ?? throw Malformed("A JSON Patch document is a JSON array of operations.");
        }
        catch (JsonException ex)
        {
            throw Malformed("The JSON Patch document is not valid JSON: " + ex.Message);
        }

        var document = JsonNode.Parse(resourceJson) ?? throw Malformed("The resource is empty.");
        var root = new JsonObject { ["r"] = document };
        for (var i = 0; i < operations.Count; i++)
        {
            if (operations[i] is not JsonObject op)
            {
                throw Malformed($"Operation {i} is not a JSON object.");
            }

            ApplyOne(root, op, i);
        }

        return root["r"] ?? throw Unprocessable("The patch removed the whole resource.");
    }

    private static void ApplyOne(JsonObject root, JsonObject op, int index)
    {
        var kind = RequiredString(op, "op", index);
        var path = Pointer(RequiredString(op, "path", index));
        switch (kind)
        {
            case "add":
                Add(root, path, RequiredValue(op, index));
                break;
            case "remove":
                Remove(root, path);
                break;
            case "replace":
                Remove(root, path);
                Add(root, path, RequiredValue(op, index));
                break;
            case "move":
                var from = Pointer(RequiredString(op, "from", index));
                if (path.StartsWith(from + "/", StringComparison.Ordinal))
                {
                    throw Unprocessable($"Operation {index}: cannot move a value into itself.");
                }

                var moved = Get(root, from);
                Remove(root, from);
                Add(root, path, moved);
                break;
            case "copy":
                Add(root, path, Get(root, Pointer(RequiredString(op, "from", index))).DeepClone());
                break;
            case "test":
                if (!JsonNode.DeepEquals(Get(root, path), RequiredValue(op, index)))
                {
                    throw Unprocessable($"Operation {index}: test failed at {op["path"]}.");
                }

                break;
            default:
                throw Malformed($"Operation {index}: unknown op '{kind}' (add, remove, replace, move, copy, test).");
        }
    }

    private static string Pointer(string path) =>
        path.Length == 0 || path[0] == '/' ? "/r" + path : throw Malformed($"'{path}' is not a JSON Pointer (it must start with '/').");

    private static (JsonNode Parent, string Token) Locate(JsonObject root, string pointer)
    {
        var tokens = pointer.Split('/')[1..].Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
        JsonNode current = root;
        for (var i = 0; i < tokens.Length - 1; i++)
        {
            current = Child(current, tokens[i]) ?? throw Unprocessable($"Path {Display(pointer)} does not exist.");
        }

        return (current, tokens[^1]);
    }

    private static JsonNode? Child(JsonNode node, string token) => node switch
    {
        JsonObject obj => obj.TryGetPropertyValue(token, out var value) ? value : null,
        JsonArray array when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count => array[i],
        _ => null,
    };

    private static JsonNode Get(JsonObject root, string pointer)
    {
        var (parent, token) = Locate(root, pointer);
        return Child(parent, token) ?? throw Unprocessable($"Path {Display(pointer)} does not exist.");
    }

    private static void Add(JsonObject root, string pointer, JsonNode value)
    {
        var (parent, token) = Locate(root, pointer);
        switch (parent)
        {
            case JsonObject obj:
                obj[token] = value;
                break;
            case JsonArray array when token == "-":
                array.Add(value);
                break;
            case JsonArray array when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= array.Count:
                array.Insert(i, value);
                break;
            default:
                throw Unprocessable($"Cannot add at {Display(pointer)}.");
        }
    }

    private static void Remove(JsonObject root, string pointer)
    {
        var (parent, token) = Locate(root, pointer);
        var removed = parent switch
        {
            JsonObject obj => obj.Remove(token),
            JsonArray array when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count => RemoveAt(array, i),
            _ => false,
        };
        if (!removed)
        {
            throw Unprocessable($"Path {Display(pointer)} does not exist.");
        }
    }

    private static bool RemoveAt(JsonArray array, int index)
    {
        array.RemoveAt(index);
        return true;
    }

    private static string RequiredString(JsonObject op, string name, int index) =>
        op[name] is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw Malformed($"Operation {index} has no '{name}' string.");

    private static JsonNode RequiredValue(JsonObject op, int index) =>
        op.TryGetPropertyValue("value", out var value) && value is not null
            ? value.DeepClone()
            : throw Malformed($"Operation {index} has no 'value'.");

    private static string Display(string pointer) => pointer.Length <= 2 ? "/" : pointer[2..];

    private static FhirException Malformed(string message) =>
        new(FhirErrorKind.Invalid, message, OperationOutcome.IssueType.Structure);

    private static FhirException Unprocessable(string message) =>
        new(FhirErrorKind.Unprocessable, message, OperationOutcome.IssueType.Processing);
}
