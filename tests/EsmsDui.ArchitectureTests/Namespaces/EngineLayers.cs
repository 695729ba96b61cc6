namespace EsmsDui.ArchitectureTests.Namespaces;

/// <summary>
/// The folders of the engine (<c>EsmsDui.Fhir</c>), lowest first: a folder may use only folders of lower layers.
/// A new folder must be placed here, or the tests fail.
/// </summary>
public static class EngineLayers
{
    /// <summary>The layers, lowest first.</summary>
    public static IReadOnlyList<string[]> Layers { get; } =
    [
        ["Errors"],
        ["Primitives", "Settings", "Serialization", "Packages"],
        ["Storage", "Patching", "Access", "Tenancy", "Audit"],
        ["Requests", "Conformance"],
        ["Terminology"],
        ["Validation"],
        ["Search"],
        ["Resources"],
        ["History", "Operations", "Bundles", "Installation"],
        ["Capabilities"],
        ["Interactions"],
        ["Engine"],
        ["(root)"],
    ];

    /// <summary>Each use of a folder that is not below the user, or of a folder not in <paramref name="layers"/>, described.</summary>
    public static IReadOnlyList<string> Violations(NamespaceGraph graph, IReadOnlyList<string[]> layers)
    {
        var rank = layers.SelectMany((folders, i) => folders.Select(f => (f, i))).ToDictionary(p => p.f, p => p.i, StringComparer.Ordinal);
        var violations = new List<string>();
        foreach (var (from, targets) in graph.Uses)
        {
            if (!rank.TryGetValue(from, out var fromRank))
            {
                violations.Add($"{from} is in no layer");
                continue;
            }

            violations.AddRange(targets
                .Where(to => !rank.TryGetValue(to, out var toRank) || toRank >= fromRank)
                .Select(to => $"{from} uses {to}, which is not below it: {graph.Because(from, to)}"));
        }

        return violations;
    }
}
