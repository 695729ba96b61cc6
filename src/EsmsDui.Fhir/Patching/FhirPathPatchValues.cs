using Hl7.Fhir.Introspection;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Patching;

/// <summary>Builds the value of a FHIRPath Patch operation for the element it goes into.</summary>
internal static class FhirPathPatchValues
{
    /// <summary>
    /// A <c>value[x]</c> is converted to the element's type (valueCode into a <c>Code&lt;T&gt;</c>, say); a value
    /// given as parts (a complex type such as HumanName) is built element by element.
    /// </summary>
    public static Base Build(Parameters.ParameterComponent valuePart, PropertyMapping target, int index)
    {
        if (valuePart.Value is { } value)
        {
            return Convert(value, target, index);
        }

        if (valuePart.Part.Count == 0)
        {
            throw FhirPathPatchApplier.Malformed($"Operation {index}: the value has neither value[x] nor parts.");
        }

        var mapping = target.PropertyTypeMapping;
        if (mapping.IsAbstract == true || mapping.IsFhirPrimitive)
        {
            throw FhirPathPatchApplier.Malformed($"Operation {index}: element '{target.Name}' needs a value[x], not parts.");
        }

        var instance = mapping.CreateInstance();
        foreach (var part in valuePart.Part)
        {
            var child = mapping.FindMappedElementByName(part.Name ?? string.Empty)
                ?? throw FhirPathPatchApplier.Unprocessable($"Operation {index}: {mapping.Name} has no element '{part.Name}'.");
            var childValue = Build(part, child, index);
            if (child.IsCollection)
            {
                if (!instance.TryGetValue(child.Name, out var existing) || existing is not System.Collections.IList list)
                {
                    list = child.PropertyTypeMapping.CreateList();
                    instance.SetValue(child.Name, list);
                }

                list.Add(childValue);
            }
            else
            {
                instance.SetValue(child.Name, childValue);
            }
        }

        return instance;
    }

    private static Base Convert(DataType value, PropertyMapping target, int index)
    {
        var targetType = target.PropertyTypeMapping.NativeType;
        if (targetType.IsInstanceOfType(value))
        {
            return value;
        }

        // A choice element (value[x]) accepts any allowed DataType as given.
        if (target.Choice != ChoiceType.None && target.FhirType.Any(t => t.IsInstanceOfType(value)))
        {
            return value;
        }

        if (value is PrimitiveType primitive && target.PropertyTypeMapping.IsFhirPrimitive)
        {
            var converted = (PrimitiveType)target.PropertyTypeMapping.CreateInstance();
            converted.JsonValue = primitive.JsonValue;
            return converted;
        }

        throw FhirPathPatchApplier.Unprocessable($"Operation {index}: a {value.TypeName} cannot go into '{target.Name}' ({target.PropertyTypeMapping.Name}).");
    }
}
