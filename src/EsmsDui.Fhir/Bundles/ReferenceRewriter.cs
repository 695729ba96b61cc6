using EsmsDui.Fhir.Primitives;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Bundles;

/// <summary>Replaces references to fullUrls of a transaction (<c>urn:uuid:…</c>, absolute URLs) by the ids they got.</summary>
internal static class ReferenceRewriter
{
    /// <summary>Rewrites every Reference.reference (and uri/url values equal to a fullUrl) found in the resource.</summary>
    public static void Rewrite(Base element, IReadOnlyDictionary<string, string> map)
    {
        if (map.Count == 0)
        {
            return;
        }

        foreach (var node in ResourceReferences.Descendants(element))
        {
            switch (node)
            {
                case ResourceReference reference when reference.Reference is { } target && map.TryGetValue(target, out var replacement):
                    reference.Reference = replacement;
                    break;
                case FhirUri uri when uri.Value is { } value && map.TryGetValue(value, out var uriReplacement):
                    uri.Value = uriReplacement;
                    break;
                case FhirUrl url when url.Value is { } value && map.TryGetValue(value, out var urlReplacement):
                    url.Value = urlReplacement;
                    break;
            }
        }
    }
}
