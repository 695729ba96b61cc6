using System.Text;

namespace EsmsDui.Fhir.Search;

/// <summary>
/// Core search expressions are shared by many types (<c>Patient.address | Person.address | …</c>); keeping
/// only the branches of the indexed type makes extraction several times cheaper and changes no result.
/// </summary>
internal static class ExpressionNarrowing
{
    public static string For(string resourceType, string expression)
    {
        var branches = TopLevelBranches(expression);
        if (branches.Count < 2)
        {
            return expression;
        }

        var kept = branches.Where(b => RootOf(b) is { } root && (root == resourceType || root is "Resource" or "DomainResource")).ToList();
        return kept.Count == 0 ? expression : string.Join(" | ", kept);
    }

    private static string? RootOf(string branch)
    {
        var text = branch.TrimStart('(', ' ');
        var end = 0;
        while (end < text.Length && char.IsAsciiLetter(text[end]))
        {
            end++;
        }

        return end == 0 ? null : text[..end];
    }

    private static List<string> TopLevelBranches(string expression)
    {
        var branches = new List<string>();
        var current = new StringBuilder();
        var depth = 0;
        var quoted = false;
        foreach (var c in expression)
        {
            switch (c)
            {
                case '\'':
                    quoted = !quoted;
                    break;
                case '(' when !quoted:
                    depth++;
                    break;
                case ')' when !quoted:
                    depth--;
                    break;
                case '|' when !quoted && depth == 0:
                    branches.Add(current.ToString().Trim());
                    current.Clear();
                    continue;
            }

            current.Append(c);
        }

        branches.Add(current.ToString().Trim());
        return branches;
    }
}
