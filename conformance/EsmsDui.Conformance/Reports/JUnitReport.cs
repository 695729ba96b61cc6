using System.Globalization;
using System.Xml.Linq;
using EsmsDui.Conformance.Model;

namespace EsmsDui.Conformance.Reports;

/// <summary><c>junit.xml</c>: one test suite per group, one test case per test (failure, error or skipped), for CI tools.</summary>
public static class JUnitReport
{
    /// <summary>The report as JUnit XML.</summary>
    public static string Write(SuiteReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var suites = report.Results.GroupBy(r => r.Group).Select(group => new XElement("testsuite",
            new XAttribute("name", $"Group {group.Key}"),
            new XAttribute("tests", group.Count()),
            new XAttribute("failures", group.Count(r => r.Status == TestStatus.Fail)),
            new XAttribute("errors", group.Count(r => r.Status == TestStatus.Error)),
            new XAttribute("skipped", group.Count(r => r.Status is TestStatus.Skip or TestStatus.NotApplicable)),
            new XAttribute("time", Seconds(group.Sum(r => r.DurationMs))),
            group.Select(Case)));
        var root = new XElement("testsuites",
            new XAttribute("name", "EsmsDui conformance suite " + report.SuiteVersion),
            new XAttribute("tests", report.Results.Count),
            new XAttribute("failures", report.Results.Count(r => r.Status == TestStatus.Fail)),
            new XAttribute("errors", report.Results.Count(r => r.Status == TestStatus.Error)),
            new XAttribute("time", Seconds(report.Results.Sum(r => r.DurationMs))),
            suites);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root).ToString();
    }

    private static XElement Case(TestResult result)
    {
        var message = string.Join(" ", result.Messages);
        var element = new XElement("testcase",
            new XAttribute("classname", $"conformance.group{result.Group}"),
            new XAttribute("name", $"{result.Id} {result.Title}"),
            new XAttribute("time", Seconds(result.DurationMs)));
        element.Add(result.Status switch
        {
            TestStatus.Fail => new XElement("failure", new XAttribute("message", message), "Requirements: " + string.Join(", ", result.Requirements)),
            TestStatus.Error => new XElement("error", new XAttribute("message", message)),
            TestStatus.Skip or TestStatus.NotApplicable => new XElement("skipped", new XAttribute("message", $"{result.Status.Name()}: {message}")),
            _ => null,
        });
        element.Add(new XElement("system-out", "Proofs: " + string.Join(", ", result.Proofs)));
        return element;
    }

    private static string Seconds(long milliseconds) => (milliseconds / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
}
