namespace EsmsDui.ArchitectureTests;

/// <summary>Hand-written files stay small enough to read at once; generated EF migrations are exempt.</summary>
public sealed class SourceFileTests
{
    private const int MaxLines = 300;

    [Fact]
    public void No_hand_written_src_file_is_over_300_lines()
    {
        Assert.Empty(TooLong(Repository.Root));
    }

    [Fact]
    public void A_file_over_300_lines_is_caught()
    {
        var tooLong = string.Join('\n', Enumerable.Repeat("// line", MaxLines + 1));
        Repository.WithProbe(
            new Dictionary<string, string> { ["src/EsmsDui.Probe/Long.cs"] = tooLong, ["src/EsmsDui.Probe/Migrations/Generated.cs"] = tooLong },
            root => Assert.Equal([Path.Combine("src", "EsmsDui.Probe", "Long.cs") + ": 301 lines"], TooLong(root)));
    }

    [Fact]
    public void The_shape_of_FHIR_base_URLs_is_written_in_FhirBase_only()
    {
        var writers = Directory.EnumerateFiles(Path.Combine(Repository.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(path => File.ReadLines(path).Any(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal)
                && (line.Contains("\"/fhir", StringComparison.Ordinal) || line.Contains("/fhir\"", StringComparison.Ordinal) || line.Contains("/t/{", StringComparison.Ordinal))))
            .Select(path => Path.GetRelativePath(Repository.Root, path))
            .ToList();
        Assert.Equal([Path.Combine("src", "EsmsDui.Fhir", "Requests", "FhirBase.cs")], writers);
    }

    private static List<string> TooLong(string root) =>
        Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path))
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "Migrations" or "obj" or "bin"))
            .Select(path => (Path: path, Lines: File.ReadLines(Path.Combine(root, path)).Count()))
            .Where(file => file.Lines > MaxLines)
            .Select(file => $"{file.Path}: {file.Lines} lines")
            .ToList();
}
