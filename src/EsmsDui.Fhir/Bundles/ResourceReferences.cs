using System.Collections;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Bundles;

/// <summary>Walks a resource for its <see cref="ResourceReference"/> elements.</summary>
internal static class ResourceReferences
{
    public static IEnumerable<ResourceReference> AllReferences(this Base element)
    {
        if (element is ResourceReference reference)
        {
            yield return reference;
        }

        foreach (var (_, child) in element.EnumerateElements())
        {
            var items = child switch
            {
                Base single => [single],
                IEnumerable list and not string => list.OfType<Base>(),
                _ => [],
            };
            foreach (var item in items)
            {
                foreach (var found in item.AllReferences())
                {
                    yield return found;
                }
            }
        }
    }
}
