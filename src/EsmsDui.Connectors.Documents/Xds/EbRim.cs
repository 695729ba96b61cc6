using System.Xml.Linq;

namespace EsmsDui.Connectors.Documents.Xds;

/// <summary>Reading helpers over ebRIM elements (slots, names, classifications, external identifiers).</summary>
internal static class EbRim
{
    public static readonly XNamespace Rim = XdsIdentifiers.Rim;

    public static IReadOnlyList<string> Slot(XElement owner, string name) =>
        [.. owner.Elements(Rim + "Slot").Where(s => (string?)s.Attribute("name") == name)
            .SelectMany(s => s.Elements(Rim + "ValueList").Elements(Rim + "Value")).Select(v => v.Value)];

    public static string? SingleSlot(XElement owner, string name) => Slot(owner, name) is [var one] ? one : null;

    public static string? Name(XElement owner) =>
        (string?)owner.Element(Rim + "Name")?.Element(Rim + "LocalizedString")?.Attribute("value");

    public static IEnumerable<XElement> Classifications(XElement owner, string scheme) =>
        owner.Elements(Rim + "Classification").Where(c => (string?)c.Attribute("classificationScheme") == scheme);

    public static IEnumerable<XElement> ExternalIdentifiers(XElement owner, string scheme) =>
        owner.Elements(Rim + "ExternalIdentifier").Where(c => (string?)c.Attribute("identificationScheme") == scheme);

    public static XdsCode? Code(XElement classification) =>
        (string?)classification.Attribute("nodeRepresentation") is { Length: > 0 } code && SingleSlot(classification, "codingScheme") is { Length: > 0 } scheme
            ? new XdsCode(code, scheme, Name(classification) ?? string.Empty)
            : null;

    public static XdsAuthor Author(XElement classification) => new(
        SingleSlot(classification, "authorPerson") ?? string.Empty,
        Slot(classification, "authorInstitution"),
        Slot(classification, "authorRole"),
        Slot(classification, "authorSpecialty"));
}
