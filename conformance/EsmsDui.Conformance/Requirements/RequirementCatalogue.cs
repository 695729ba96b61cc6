using System.Text;

namespace EsmsDui.Conformance.Requirements;

/// <summary>
/// The requirements of <c>conformance/requirements/*.csv</c> (columns <c>id, conformance, actor, requirement,
/// source, url, tests, not_tested_reason</c>; tests separated by spaces), read once.
/// </summary>
public sealed class RequirementCatalogue
{
    private static readonly string[] Columns = ["id", "conformance", "actor", "requirement", "source", "url", "tests", "not_tested_reason"];

    private RequirementCatalogue(IReadOnlyList<Requirement> requirements)
    {
        All = requirements;
        ById = requirements.ToDictionary(r => r.Id, StringComparer.Ordinal);
    }

    /// <summary>Every requirement, in file and line order.</summary>
    public IReadOnlyList<Requirement> All { get; }

    /// <summary>The requirements by id.</summary>
    public IReadOnlyDictionary<string, Requirement> ById { get; }

    /// <summary>The catalogue shipped beside the program (<c>requirements/</c> of its folder).</summary>
    public static RequirementCatalogue Shipped() => Load(Path.Combine(AppContext.BaseDirectory, "requirements"));

    /// <summary>Reads every <c>.csv</c> of <paramref name="folder"/>; throws <see cref="FormatException"/> naming the file and line of a defect.</summary>
    public static RequirementCatalogue Load(string folder)
    {
        var requirements = new List<Requirement>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.csv").Order(StringComparer.Ordinal))
        {
            var rows = Csv.Read(File.ReadAllText(file, Encoding.UTF8));
            if (rows.Count == 0 || !rows[0].SequenceEqual(Columns))
            {
                throw new FormatException($"{file}: the first line must be '{string.Join(',', Columns)}'.");
            }

            foreach (var (row, line) in rows.Skip(1).Select((r, i) => (r, i + 2)))
            {
                if (row.Count != Columns.Length || !row[0].Contains('@', StringComparison.Ordinal))
                {
                    throw new FormatException($"{file}:{line}: {Columns.Length} columns expected, the first an id 'set@number'.");
                }

                requirements.Add(new Requirement(row[0], row[1], row[2], row[3], row[4], row[5], row[6].Split(' ', StringSplitOptions.RemoveEmptyEntries), row[7]));
            }
        }

        var duplicate = requirements.GroupBy(r => r.Id).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? new RequirementCatalogue(requirements) : throw new FormatException($"Requirement {duplicate.Key} is defined twice.");
    }
}
