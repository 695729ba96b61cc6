using EsmsDui.Conformance.Model;
using EsmsDui.Conformance.Runner;

namespace EsmsDui.Conformance.Tests;

/// <summary>The suite against deliberately broken servers: each fault is caught, by the test meant to catch it.</summary>
[Collection(ServersUnderTest.Name)]
public sealed class FaultDetectionTests(ConformanceServer server)
{
    [Fact]
    public void At_least_25_distinct_faults_are_tried_over_every_group()
    {
        var faults = Faults.All.Select(f => (Fault)f[0]).ToList();

        Assert.True(faults.Select(f => f.Name).Distinct().Count() >= 25);
        Assert.Equal(faults.Count, faults.Select(f => f.Name).Distinct().Count());
        Assert.All(faults, f => Assert.Contains(ConformanceSuite.Tests, t => t.Id == f.TestId));
        Assert.Equal(ConformanceSuite.Groups.Select(g => g.Number), faults.Select(f => int.Parse(f.TestId.Split('.')[0])).Distinct().Order());
    }

    [Theory]
    [MemberData(nameof(Faults.All), MemberType = typeof(Faults))]
    public async Task Each_fault_is_caught_by_its_test(Fault fault)
    {
        var options = new SuiteOptions
        {
            Base = server.Base,
            Preset = server.Preset,
            Tests = new HashSet<string> { fault.TestId },
            Out = server.NewReportFolder(),
            Packages = ConformanceServer.Packages,
            Timeout = TimeSpan.FromSeconds(30),
        };
        using var faulty = new FaultyServer(fault, server);

        var report = await SuiteRunner.RunToReportAsync(options, TextWriter.Null, CancellationToken.None, faulty);

        var result = Assert.Single(report.Results);
        Assert.True(result.Status == TestStatus.Fail, $"{fault}: {result.Status.Name()} {string.Join(" ", result.Messages)}");
        // A failed SHALL test makes the server non-conforming; a failed SHOULD is reported and does not.
        Assert.Equal(!result.Shall, report.Conforms);
    }
}
