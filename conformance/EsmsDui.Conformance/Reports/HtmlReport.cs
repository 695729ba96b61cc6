using System.Globalization;
using System.Xml.Linq;
using EsmsDui.Conformance.Model;

namespace EsmsDui.Conformance.Reports;

/// <summary>
/// <c>report.html</c> for people: one self-contained page (styles inline, no script, no external asset), well-formed
/// XHTML: the summary, each group's tests with their messages and proof links, and the requirement coverage table.
/// </summary>
public static class HtmlReport
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;width:100%;margin-bottom:2em}
        th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top;font-size:14px}th{background:#f0f0f0}
        .pass,.met{background:#e6f4ea}.fail,.error,.failed{background:#fce8e6}.skip,.not-applicable,.not-tested{background:#f1f3f4}
        code{font-size:13px}
        """;

    /// <summary>The report as an HTML page.</summary>
    public static string Write(SuiteReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        XNamespace x = "http://www.w3.org/1999/xhtml";
        var counts = Enum.GetValues<TestStatus>().Select(s => $"{report.Results.Count(r => r.Status == s)} {s.Name()}");
        var body = new XElement(x + "body",
            new XElement(x + "h1", "EsmsDui conformance suite " + report.SuiteVersion),
            new XElement(x + "p", $"Server {report.Server}, from {report.Started:u} to {report.Ended:u}: {string.Join(", ", counts)}. ",
                new XElement(x + "strong", report.Conforms ? "Every applicable SHALL test passed." : "SHALL tests failed: the server does not conform.")),
            new XElement(x + "h2", "Tests"),
            report.Results.GroupBy(r => r.Group).Select(g => GroupTable(x, g.Key, g)),
            new XElement(x + "h2", "Requirement coverage"),
            new XElement(x + "table", new XAttribute("id", "coverage"),
                Row(x, "th", "Requirement", "Conformance", "Status", "Explanation", "Text", "Source"),
                report.Coverage.Select(c => new XElement(x + "tr", new XAttribute("class", c.StatusName.Replace(' ', '-')),
                    Cell(x, c.Requirement.Id), Cell(x, c.Requirement.Conformance), Cell(x, c.StatusName), Cell(x, c.Explanation), Cell(x, c.Requirement.Text),
                    new XElement(x + "td", new XElement(x + "a", new XAttribute("href", c.Requirement.Url), c.Requirement.Source))))),
            new XElement(x + "p", string.Create(CultureInfo.InvariantCulture, $"{report.Coverage.Count(c => c.Status == CoverageStatus.Met)} requirements met, {report.Coverage.Count(c => c.Status == CoverageStatus.Failed)} failed, {report.Coverage.Count(c => c.Status == CoverageStatus.NotTested)} not tested.")));
        var html = new XElement(x + "html", new XAttribute(XNamespace.Xml + "lang", "en"),
            new XElement(x + "head",
                new XElement(x + "meta", new XAttribute("charset", "utf-8")),
                new XElement(x + "title", "Conformance report " + report.Server),
                new XElement(x + "style", Style)),
            body);
        return "<!DOCTYPE html>\n" + html.ToString(SaveOptions.None);
    }

    private static XElement GroupTable(XNamespace x, int group, IEnumerable<TestResult> results) => new(x + "table",
        new XAttribute("id", $"group-{group}"),
        new XElement(x + "caption", $"Group {group}"),
        Row(x, "th", "Test", "Status", "What it checks", "Messages", "Requirements", "Proofs"),
        results.Select(r => new XElement(x + "tr", new XAttribute("class", r.Status.Name()),
            Cell(x, r.Id),
            Cell(x, r.Status.Name()),
            Cell(x, r.Title),
            Cell(x, string.Join(" ", r.Messages)),
            Cell(x, string.Join(", ", r.Requirements)),
            new XElement(x + "td", r.Proofs.Select(p => new XElement(x + "a", new XAttribute("href", p.Replace('\\', '/')), Path.GetFileName(p) + " "))))));

    private static XElement Row(XNamespace x, string cell, params string[] values) => new(x + "tr", values.Select(v => new XElement(x + cell, v)));

    private static XElement Cell(XNamespace x, string value) => new(x + "td", value);
}
