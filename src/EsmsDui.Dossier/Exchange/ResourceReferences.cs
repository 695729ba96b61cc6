using Hl7.Fhir.Model;

namespace EsmsDui.Dossier.Exchange;

/// <summary>The references inside a resource, and the local resource a reference names.</summary>
public static class ResourceReferences
{
    /// <summary>Every <see cref="ResourceReference"/> in <paramref name="element"/>, at any depth.</summary>
    public static IEnumerable<ResourceReference> Of(Base element)
    {
        ArgumentNullException.ThrowIfNull(element);
        foreach (var child in element.EnumerateElements().SelectMany(e => e.Value switch
        {
            Base single => [single],
            IEnumerable<Base> many => many,
            _ => [],
        }))
        {
            if (child is ResourceReference reference)
            {
                yield return reference;
            }

            foreach (var nested in Of(child))
            {
                yield return nested;
            }
        }
    }

    /// <summary>The (type, id) of a relative reference <c>Type/id</c> (or <c>Type/id/_history/n</c>); null for others.</summary>
    public static (string Type, string Id)? Target(string? reference)
    {
        var parts = reference?.Split('/') ?? [];
        return parts.Length is 2 or 4 && (parts.Length == 2 || parts[2] == "_history") && ModelInfo.IsKnownResource(parts[0]) && parts[1].Length > 0
            ? (parts[0], parts[1])
            : null;
    }
}
