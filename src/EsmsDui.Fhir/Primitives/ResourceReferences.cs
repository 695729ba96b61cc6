using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Primitives;

/// <summary>
/// The one walk over the elements of a resource, for everything that looks for references: a transaction resolving
/// its fullUrls, a write naming usagers, an export following its links, a merge moving a record.
/// </summary>
public static class ResourceReferences
{
    /// <summary>
    /// <paramref name="root"/> and every element under it, parents before children, in document order; the resources it
    /// contains (and their elements) too unless <paramref name="intoContained"/> is false.
    /// </summary>
    public static IEnumerable<Base> Descendants(Base root, bool intoContained = true)
    {
        ArgumentNullException.ThrowIfNull(root);
        var pending = new Stack<Base>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var element = pending.Pop();
            yield return element;
            if (!intoContained && element is Resource && !ReferenceEquals(element, root))
            {
                continue;
            }

            var children = element.EnumerateElements().SelectMany(e => e.Value switch
            {
                Base single => [single],
                IEnumerable<Base> many => many,
                _ => [],
            }).ToList();
            for (var i = children.Count - 1; i >= 0; i--)
            {
                pending.Push(children[i]);
            }
        }
    }

    /// <summary>Every <see cref="ResourceReference"/> in <paramref name="element"/>, at any depth (see <see cref="Descendants"/>).</summary>
    public static IEnumerable<ResourceReference> Of(Base element, bool intoContained = true) =>
        Descendants(element, intoContained).OfType<ResourceReference>();

    /// <summary>The (type, id) of a relative reference <c>Type/id</c> (or <c>Type/id/_history/n</c>); null for others.</summary>
    public static (string Type, string Id)? Target(string? reference)
    {
        var parts = reference?.Split('/') ?? [];
        return parts.Length is 2 or 4 && (parts.Length == 2 || parts[2] == "_history") && ModelInfo.IsKnownResource(parts[0]) && parts[1].Length > 0
            ? (parts[0], parts[1])
            : null;
    }
}
