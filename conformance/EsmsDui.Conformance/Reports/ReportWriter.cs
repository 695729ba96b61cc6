namespace EsmsDui.Conformance.Reports;

/// <summary>Writes the three reports of a run into its folder: <c>results.json</c>, <c>junit.xml</c>, <c>report.html</c>.</summary>
public static class ReportWriter
{
    /// <summary>The file names.</summary>
    public const string Json = "results.json", JUnit = "junit.xml", Html = "report.html";

    /// <summary>Writes the reports of <paramref name="report"/> into <paramref name="folder"/>.</summary>
    public static async Task WriteAsync(SuiteReport report, string folder)
    {
        await File.WriteAllTextAsync(Path.Combine(folder, Json), JsonReport.Write(report));
        await File.WriteAllTextAsync(Path.Combine(folder, JUnit), JUnitReport.Write(report));
        await File.WriteAllTextAsync(Path.Combine(folder, Html), HtmlReport.Write(report));
    }
}
