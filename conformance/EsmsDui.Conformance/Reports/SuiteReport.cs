using EsmsDui.Conformance.Model;
using EsmsDui.Conformance.Requirements;

namespace EsmsDui.Conformance.Reports;

/// <summary>What one run found: the verdict of each test and, from them, the coverage of each requirement.</summary>
public sealed class SuiteReport
{
    /// <summary>The report of a run.</summary>
    public SuiteReport(string suiteVersion, string server, DateTimeOffset started, DateTimeOffset ended, IReadOnlyList<TestResult> results, RequirementCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        SuiteVersion = suiteVersion;
        Server = server;
        Started = started;
        Ended = ended;
        Results = results;
        Coverage = [.. catalogue.All.Select(r => Cover(r, results))];
    }

    /// <summary>The suite's version.</summary>
    public string SuiteVersion { get; }

    /// <summary>The FHIR base tested.</summary>
    public string Server { get; }

    /// <summary>When the run started.</summary>
    public DateTimeOffset Started { get; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset Ended { get; }

    /// <summary>Each test's verdict, in run order.</summary>
    public IReadOnlyList<TestResult> Results { get; }

    /// <summary>Each requirement's coverage, in catalogue order.</summary>
    public IReadOnlyList<RequirementCoverage> Coverage { get; }

    /// <summary>Whether every applicable test of a SHALL requirement passed.</summary>
    public bool Conforms => !Results.Any(r => r.Shall && r.Status is TestStatus.Fail or TestStatus.Error);

    private static RequirementCoverage Cover(Requirement requirement, IReadOnlyList<TestResult> results)
    {
        var tests = results.Where(r => r.Requirements.Contains(requirement.Id)).ToList();
        if (tests.Any(t => t.Status is TestStatus.Fail or TestStatus.Error))
        {
            return new(requirement, CoverageStatus.Failed, "Failed by " + string.Join(", ", tests.Where(t => t.Status is TestStatus.Fail or TestStatus.Error).Select(t => t.Id)) + ".");
        }

        if (tests.Any(t => t.Status == TestStatus.Pass))
        {
            return new(requirement, CoverageStatus.Met, "Verified by " + string.Join(", ", tests.Where(t => t.Status == TestStatus.Pass).Select(t => t.Id)) + ".");
        }

        var why = requirement.Tests.Count == 0 ? requirement.NotTestedReason
            : tests.Count == 0 ? $"Its tests ({string.Join(", ", requirement.Tests)}) were not run."
            : string.Join(" ", tests.Select(t => $"{t.Id} {t.Status.Name()}: {(t.Messages.Count > 0 ? t.Messages[0] : string.Empty)}"));
        return new(requirement, CoverageStatus.NotTested, why);
    }
}

/// <summary>Whether a requirement was met, failed, or not tested in a run.</summary>
public enum CoverageStatus
{
    /// <summary>Some test verified it and none failed it.</summary>
    Met,

    /// <summary>A test of it failed.</summary>
    Failed,

    /// <summary>No test of it ran to pass or fail (the reason says why).</summary>
    NotTested,
}

/// <summary>A requirement and what the run says of it.</summary>
/// <param name="Requirement">The requirement.</param>
/// <param name="Status">Met, failed or not tested.</param>
/// <param name="Explanation">By which tests, or why not tested.</param>
public sealed record RequirementCoverage(Requirement Requirement, CoverageStatus Status, string Explanation)
{
    /// <summary>The status as the reports write it.</summary>
    public string StatusName => Status switch { CoverageStatus.Met => "met", CoverageStatus.Failed => "failed", _ => "not tested" };
}
