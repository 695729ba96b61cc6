using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace EsmsDui.Fhir.Conformance;

/// <summary>
/// Repairs published StructureDefinitions that the Firely snapshot generator and schema compiler refuse
/// although their intent is clear: a differential whose elements are not in element order (TDDUI
/// <c>tddui-patient</c> lists <c>value[x].country</c> before <c>value[x].extension</c>), and constraints without
/// an <c>expression</c> (PDSm, <c>tddui-document-reference</c>: R4 makes it optional, the compiler needs it),
/// and value discriminators on a child that the slices constrain only through a binding on themselves.
/// </summary>
public static class StructureDefinitionRepairs
{
    private static readonly FhirJsonDeserializer Lenient = new(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable));

    /// <summary>Applies both repairs in place.</summary>
    public static void Apply(StructureDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        foreach (var element in (definition.Differential?.Element ?? []).Concat(definition.Snapshot?.Element ?? []))
        {
            element.Constraint.RemoveAll(c => string.IsNullOrEmpty(c.Expression));
        }

        if (definition.Differential is { } differential && definition.Snapshot is not { Element.Count: > 0 })
        {
            differential.Element = SortIntoElementOrder(differential.Element);
        }

        RepairDiscriminators(definition);
    }

    /// <summary>
    /// FR Core slices <c>Patient.contact.relationship</c> by value of <c>coding.system</c>, but its slices bind
    /// the CodeableConcept to a value set and say nothing of <c>coding.system</c>: Firely cannot compile that.
    /// The slices are told apart by their bindings, so the discriminator becomes the value of <c>$this</c>.
    /// </summary>
    public static void RepairDiscriminators(StructureDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var elements = definition.Snapshot?.Element ?? [];
        foreach (var sliced in elements.Where(e => e.ElementId is not null))
        {
            if (sliced.Slicing is not { } slicing)
            {
                continue;
            }

            var slices = elements.Where(e => e.SliceName is not null && e.ElementId == $"{sliced.ElementId}:{e.SliceName}").ToList();
            // FR Core Practitioner slices qualification by code.coding, which each slice slices again: no value
            // can discriminate then, and FHIR lets a validator tell slices apart by validating against each.
            slicing.Discriminator.RemoveAll(d => IsChildPath(d.Path) && slices.Count > 0
                && slices.Any(slice => elements.Find(e => e.ElementId == $"{slice.ElementId}.{d.Path}")?.Slicing is not null));
            if (slicing.Discriminator is [{ Type: ElementDefinition.DiscriminatorType.Value or ElementDefinition.DiscriminatorType.Pattern, Path: { } path } single]
                && path.All(char.IsAsciiLetter) && path != "url")
            {
                DiscriminateByWholePattern(elements, single, slices);
            }

            foreach (var discriminator in slicing.Discriminator.Where(d => d.Type is ElementDefinition.DiscriminatorType.Value or ElementDefinition.DiscriminatorType.Pattern && IsChildPath(d.Path)))
            {
                if (slices.Count > 0 && slices.All(slice => slice.Binding is not null && !Constrains(elements.Find(e => e.ElementId == $"{slice.ElementId}.{discriminator.Path}"))))
                {
                    discriminator.Path = "$this";
                }
            }
        }
    }

    // Firely takes an element whose discriminating child is absent for a member of the slice (FR Core slices
    // Patient.name by use: a name without use lands in usualName, which then requires use). A pattern on the whole
    // slice ({"use": "usual"}) needs the child to be there, as FHIR means; the discriminator becomes that pattern.
    private static void DiscriminateByWholePattern(List<ElementDefinition> elements, ElementDefinition.DiscriminatorComponent discriminator, List<ElementDefinition> slices)
    {
        var property = discriminator.Path ?? string.Empty;
        var patterns = slices.Select(slice =>
            slice is { Pattern: null, Type: [{ Code: { } type }] } && elements.Find(e => e.ElementId == $"{slice.ElementId}.{discriminator.Path}") is { } child
            && (child.Fixed ?? child.Pattern) is PrimitiveType value
                ? PatternOf(type, property, value)
                : null).ToList();
        if (slices.Count == 0 || patterns.Any(p => p is null))
        {
            return;
        }

        for (var i = 0; i < slices.Count; i++)
        {
            slices[i].Pattern = patterns[i];
        }

        discriminator.Type = ElementDefinition.DiscriminatorType.Pattern;
        discriminator.Path = "$this";
    }

    private static DataType? PatternOf(string typeCode, string property, PrimitiveType value)
    {
        if (ModelInfo.IsPrimitive(typeCode) || ModelInfo.GetTypeForFhirType(typeCode) is not { } type)
        {
            return null;
        }

        JsonNode json = value switch
        {
            FhirBoolean { Value: { } flag } => JsonValue.Create(flag),
            Integer { Value: { } number } => JsonValue.Create(number),
            PositiveInt { Value: { } number } => JsonValue.Create(number),
            UnsignedInt { Value: { } number } => JsonValue.Create(number),
            _ => JsonValue.Create(value.ToString() ?? string.Empty),
        };
        var bytes = System.Text.Encoding.UTF8.GetBytes(new JsonObject { [property] = json }.ToJsonString());
        var reader = new System.Text.Json.Utf8JsonReader(bytes);
        return Lenient.TryDeserializeObject(type, ref reader, out var pattern, out _) ? pattern as DataType : null;
    }

    // A plain path to a child element (code.coding), not $this nor a FHIRPath function (extension('…').value).
    private static bool IsChildPath(string? path) =>
        path is not null && path != "$this" && path.All(c => char.IsAsciiLetterOrDigit(c) || c == '.');

    private static bool Constrains(ElementDefinition? element) =>
        element is not null && (element.Fixed is not null || element.Pattern is not null || element.Binding is not null);

    /// <summary>
    /// Orders differential elements as a tree of their ids: children follow their parent; among siblings,
    /// <c>id</c>, <c>extension</c> and <c>modifierExtension</c> come first (FHIR's order in every element; in a
    /// resource, after <c>meta</c>, <c>implicitRules</c>, <c>language</c>, <c>text</c>, <c>contained</c>), the
    /// others keep the order they were written in, and slices follow their unsliced element.
    /// </summary>
    public static List<ElementDefinition> SortIntoElementOrder(List<ElementDefinition> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        var root = new Node(string.Empty, 0, -1);
        var order = 0;
        foreach (var element in elements)
        {
            var node = root;
            foreach (var segment in Segments(element.ElementId ?? element.Path ?? string.Empty))
            {
                node = node.Child(segment, ref order);
            }

            node.Elements.Add(element);
        }

        var sorted = new List<ElementDefinition>(elements.Count);
        root.Emit(sorted);
        return sorted.Count == elements.Count ? sorted : elements;
    }

    // "Patient.extension:birthPlace.value[x]" → Patient, extension:birthPlace, value[x]; dots inside a slice
    // name after ':' up to the next '.' belong to the segment (slice names have no dots in practice).
    private static string[] Segments(string id) => id.Split('.');

    private sealed class Node(string segment, int order, int depth)
    {
        private readonly List<Node> _children = [];

        public List<ElementDefinition> Elements { get; } = [];

        public Node Child(string name, ref int counter)
        {
            var child = _children.Find(c => c.Segment == name);
            if (child is null)
            {
                child = new Node(name, counter++, depth + 1);
                _children.Add(child);
            }

            return child;
        }

        public void Emit(List<ElementDefinition> output)
        {
            output.AddRange(Elements);
            var firstOfName = _children.GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.Min(c => c.Order));
            foreach (var child in _children
                .OrderBy(c => depth == 0 ? ResourceRank(c.Name) : ElementRank(c.Name))
                .ThenBy(c => firstOfName[c.Name])
                .ThenBy(c => c.Slice is null ? 0 : 1)
                .ThenBy(c => c.Order))
            {
                child.Emit(output);
            }
        }

        private string Segment { get; } = segment;

        private int Order { get; } = order;

        private string Name => Segment.Split(':')[0];

        private string? Slice => Segment.Contains(':', StringComparison.Ordinal) ? Segment[(Segment.IndexOf(':', StringComparison.Ordinal) + 1)..] : null;

        private static readonly string[] ResourceHeader = ["id", "meta", "implicitRules", "language", "text", "contained", "extension", "modifierExtension"];
        private static readonly string[] ElementHeader = ["id", "extension", "modifierExtension"];

        private static int ResourceRank(string name) => Array.IndexOf(ResourceHeader, name) is var i and >= 0 ? i : ResourceHeader.Length;

        private static int ElementRank(string name) => Array.IndexOf(ElementHeader, name) is var i and >= 0 ? i : ElementHeader.Length;
    }
}
