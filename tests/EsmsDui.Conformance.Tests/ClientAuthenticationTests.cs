using EsmsDui.Conformance.Model;
using EsmsDui.Conformance.Runner;

namespace EsmsDui.Conformance.Tests;

/// <summary>The suite gets its tokens the ways editors' servers ask: a client secret, or a signed assertion (private_key_jwt).</summary>
[Collection(ServersUnderTest.Name)]
public sealed class ClientAuthenticationTests(ConformanceServer server)
{
    [Fact]
    public async Task With_a_private_key_the_suite_authenticates_by_signed_assertion_as_SMART_Backend_Services_clients_do()
    {
        var options = new SuiteOptions
        {
            Base = server.Base,
            Preset = server.KeyClientPreset(),
            Tests = new HashSet<string> { "2.02", "5.03" },
            Out = server.NewReportFolder(),
        };

        var report = await SuiteRunner.RunToReportAsync(options, TextWriter.Null, CancellationToken.None);

        Assert.All(report.Results, r => Assert.True(r.Status == TestStatus.Pass, $"{r.Id} {r.Status.Name()}: {string.Join(" ", r.Messages)}"));
        var proofs = await File.ReadAllTextAsync(Path.Combine(options.Out, "proofs", "2.02.http"));
        Assert.Contains("client_assertion=[redacted]", proofs, StringComparison.Ordinal);
    }
}
