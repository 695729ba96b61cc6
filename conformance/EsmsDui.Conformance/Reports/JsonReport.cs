using System.Text.Json;
using System.Text.Json.Nodes;
using EsmsDui.Conformance.Model;

namespace EsmsDui.Conformance.Reports;

/// <summary><c>results.json</c>: the run, each test's verdict with its messages, requirements and proofs, and the coverage.</summary>
public static class JsonReport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The report as JSON text.</summary>
    public static string Write(SuiteReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var json = new JsonObject
        {
            ["suite"] = "EsmsDui conformance suite",
            ["suiteVersion"] = report.SuiteVersion,
            ["server"] = report.Server,
            ["started"] = report.Started.ToString("O"),
            ["ended"] = report.Ended.ToString("O"),
            ["conforms"] = report.Conforms,
            ["summary"] = new JsonObject(Enum.GetValues<TestStatus>().Select(s => KeyValuePair.Create(s.Name(), (JsonNode?)report.Results.Count(r => r.Status == s)))),
            ["tests"] = new JsonArray([.. report.Results.Select(r => (JsonNode)new JsonObject
            {
                ["id"] = r.Id,
                ["title"] = r.Title,
                ["group"] = r.Group,
                ["status"] = r.Status.Name(),
                ["shall"] = r.Shall,
                ["messages"] = new JsonArray([.. r.Messages.Select(m => (JsonNode)m)]),
                ["requirements"] = new JsonArray([.. r.Requirements.Select(m => (JsonNode)m)]),
                ["proofs"] = new JsonArray([.. r.Proofs.Select(m => (JsonNode)m)]),
                ["durationMs"] = r.DurationMs,
            })]),
            ["requirements"] = new JsonArray([.. report.Coverage.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Requirement.Id,
                ["conformance"] = c.Requirement.Conformance,
                ["status"] = c.StatusName,
                ["explanation"] = c.Explanation,
                ["source"] = c.Requirement.Source,
                ["url"] = c.Requirement.Url,
            })]),
        };
        return json.ToJsonString(Indented);
    }
}
