using System.Collections;
using System.Globalization;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Primitives;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Introspection;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Patching;

/// <summary>
/// Applies a FHIRPath Patch (a <see cref="Parameters"/> of <c>operation</c> parts: add, insert, delete,
/// replace, move) to a resource, as specified in FHIR R4 §2.41 (fhirpatch).
/// </summary>
public static class FhirPathPatchApplier
{
    private static readonly ModelInspector Inspector = ModelInfo.ModelInspector;

    /// <summary>Applies every operation, in order, to <paramref name="resource"/> (changed in place).</summary>
    public static Resource Apply(Resource resource, Parameters patch)
    {
        var index = 0;
        foreach (var operation in patch.Parameter)
        {
            if (operation.Name != "operation")
            {
                throw Malformed($"Parameter {index} is '{operation.Name}'; a FHIRPath Patch holds only 'operation' parameters.");
            }

            ApplyOne(resource, operation, index++);
        }

        return resource;
    }

    private static void ApplyOne(Resource resource, Parameters.ParameterComponent operation, int index)
    {
        var type = PartString(operation, "type", index) ?? throw Malformed($"Operation {index} has no type.");
        var path = PartString(operation, "path", index) ?? throw Malformed($"Operation {index} has no path.");
        var targets = Select(resource, path, index);
        switch (type)
        {
            case "add":
                var container = Single(targets, path, index);
                var name = PartString(operation, "name", index) ?? throw Malformed($"Operation {index} (add) has no name.");
                AddTo(container.Poco, name, ValueFor(container.Poco, name, operation, index), index);
                break;
            case "insert":
                InsertInto(targets, path, operation, index);
                break;
            case "delete":
                if (targets.Count > 1)
                {
                    throw Unprocessable($"Operation {index}: '{path}' matches {targets.Count} elements; delete takes one.");
                }

                if (targets.Count == 1)
                {
                    Delete(targets[0], index);
                }

                break;
            case "replace":
                var target = Single(targets, path, index);
                var (parent, elementName) = ParentOf(target, index);
                var replacement = ValueFor(parent, elementName, operation, index);
                if (target.Index is { } position)
                {
                    ListOf(parent, elementName, index)[position] = replacement;
                }
                else
                {
                    parent.SetValue(elementName, replacement);
                }

                break;
            case "move":
                MoveWithin(targets, path, operation, index);
                break;
            default:
                throw Malformed($"Operation {index}: unknown type '{type}' (add, insert, delete, replace, move).");
        }
    }

    private static List<PocoNode> Select(Resource resource, string path, int index)
    {
        try
        {
            var root = resource.ToPocoNode(Inspector);
            return [.. FhirPathEngine.Compiler.Select(root, path, new FhirEvaluationContext())];
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not FhirException)
        {
            throw Malformed($"Operation {index}: '{path}' is not a usable FHIRPath expression: {ex.Message}");
        }
    }

    private static void AddTo(Base container, string name, Base value, int index)
    {
        var mapping = Mapping(container, name, index);
        if (mapping.IsCollection)
        {
            ListOf(container, name, index).Add(value);
        }
        else
        {
            container.SetValue(name, value);
        }
    }

    private static void InsertInto(List<PocoNode> targets, string path, Parameters.ParameterComponent operation, int index)
    {
        var (parent, name) = ListTarget(targets, path, index);
        var list = ListOf(parent, name, index);
        var at = PartInt(operation, "index", index);
        if (at < 0 || at > list.Count)
        {
            throw Unprocessable($"Operation {index}: index {at} is outside the list of {list.Count}.");
        }

        list.Insert(at, ValueFor(parent, name, operation, index));
    }

    private static void MoveWithin(List<PocoNode> targets, string path, Parameters.ParameterComponent operation, int index)
    {
        var (parent, name) = ListTarget(targets, path, index);
        var list = ListOf(parent, name, index);
        var source = PartInt(operation, "source", index);
        var destination = PartInt(operation, "destination", index);
        if (source < 0 || source >= list.Count || destination < 0 || destination >= list.Count)
        {
            throw Unprocessable($"Operation {index}: move from {source} to {destination} is outside the list of {list.Count}.");
        }

        var item = list[source];
        list.RemoveAt(source);
        list.Insert(destination, item);
    }

    private static (Base Parent, string Name) ListTarget(List<PocoNode> targets, string path, int index)
    {
        if (targets.Count == 0)
        {
            throw Unprocessable($"Operation {index}: '{path}' matches nothing.");
        }

        var (parent, name) = ParentOf(targets[0], index);
        return Mapping(parent, name, index).IsCollection ? (parent, name) : throw Unprocessable($"Operation {index}: '{path}' is not a list.");
    }

    private static void Delete(PocoNode target, int index)
    {
        var (parent, name) = ParentOf(target, index);
        if (target.Index is { } position)
        {
            ListOf(parent, name, index).RemoveAt(position);
        }
        else
        {
            parent.SetValue(name, null);
        }
    }

    private static (Base Parent, string Name) ParentOf(PocoNode node, int index) =>
        node.Parent is { } parent && node.Name is { } name
            ? (parent.Poco, name)
            : throw Unprocessable($"Operation {index}: the resource itself cannot be changed by this operation.");

    private static IList ListOf(Base container, string name, int index)
    {
        if (container.TryGetValue(name, out var existing) && existing is IList list)
        {
            return list;
        }

        var created = Mapping(container, name, index).PropertyTypeMapping.CreateList();
        container.SetValue(name, created);
        return created;
    }

    private static PropertyMapping Mapping(Base container, string name, int index)
    {
        var classMapping = Inspector.FindOrImportClassMapping(container.GetType())
            ?? throw Unprocessable($"Operation {index}: {container.TypeName} has no known elements.");
        return classMapping.FindMappedElementByName(name)
            ?? throw Unprocessable($"Operation {index}: {container.TypeName} has no element '{name}'.");
    }

    private static Base ValueFor(Base container, string name, Parameters.ParameterComponent operation, int index)
    {
        var valuePart = operation.Part.FirstOrDefault(p => p.Name == "value")
            ?? throw Malformed($"Operation {index} has no value.");
        var mapping = Mapping(container, name, index);
        return FhirPathPatchValues.Build(valuePart, mapping, index);
    }

    private static PocoNode Single(List<PocoNode> targets, string path, int index) => targets.Count switch
    {
        1 => targets[0],
        0 => throw Unprocessable($"Operation {index}: '{path}' matches nothing."),
        _ => throw Unprocessable($"Operation {index}: '{path}' matches {targets.Count} elements; this operation takes one."),
    };

    private static string? PartString(Parameters.ParameterComponent operation, string name, int index) =>
        operation.Part.FirstOrDefault(p => p.Name == name)?.Value switch
        {
            null => null,
            PrimitiveType primitive => primitive.JsonValue?.ToString(),
            _ => throw Malformed($"Operation {index}: '{name}' must be a primitive value."),
        };

    private static int PartInt(Parameters.ParameterComponent operation, string name, int index) =>
        int.TryParse(PartString(operation, name, index), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Malformed($"Operation {index} needs an integer '{name}'.");

    internal static FhirException Malformed(string message) => new(FhirErrorKind.Invalid, message, OperationOutcome.IssueType.Invalid);

    internal static FhirException Unprocessable(string message) => new(FhirErrorKind.Unprocessable, message, OperationOutcome.IssueType.Processing);
}
