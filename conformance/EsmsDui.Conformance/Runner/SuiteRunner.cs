using System.Diagnostics;
using EsmsDui.Conformance.Http;
using EsmsDui.Conformance.Model;
using EsmsDui.Conformance.Reports;
using EsmsDui.Conformance.Requirements;
using EsmsDui.Conformance.Validation;

namespace EsmsDui.Conformance.Runner;

/// <summary>
/// Runs the selected groups against the server, one test at a time, each to a verdict whatever the server does;
/// cleans up; writes the proofs and the three reports. The exit code is 0 only when every applicable test of a
/// SHALL requirement passed.
/// </summary>
public static class SuiteRunner
{
    /// <summary>Runs the suite; <paramref name="handler"/> replaces the network (tests of the suite).</summary>
    public static async Task<int> RunAsync(SuiteOptions options, TextWriter output, CancellationToken cancellationToken, HttpMessageHandler? handler = null)
    {
        var report = await RunToReportAsync(options, output, cancellationToken, handler);
        return report.Conforms ? 0 : 1;
    }

    /// <summary>Runs the suite and returns what the reports say.</summary>
    public static async Task<SuiteReport> RunToReportAsync(SuiteOptions options, TextWriter output, CancellationToken cancellationToken, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var catalogue = RequirementCatalogue.Shipped();
        var outFolder = Path.GetFullPath(options.Out);
        if (Directory.Exists(Path.Combine(outFolder, "proofs")))
        {
            Directory.Delete(Path.Combine(outFolder, "proofs"), recursive: true);
        }

        Directory.CreateDirectory(outFolder);
        var redactor = new Redactor();
        var preset = options.Preset;
        foreach (var secret in new[] { preset.Client?.ClientSecret, preset.Client?.BearerToken, preset.OtherClient?.ClientSecret, preset.OtherClient?.BearerToken, preset.Mailbox?.Password })
        {
            redactor.Add(secret);
        }

        using var server = new ServerClient(options.Base, options.Timeout, redactor, handler);
        using var validator = new PackageValidator(options.Packages);
        var state = new SuiteState();
        var client = new FhirActor("client", server, preset.Client is { CanAuthenticate: true } c ? new TokenSource(c, server, redactor) : null);
        var other = preset.OtherClient is { CanAuthenticate: true } o ? new FhirActor("other establishment", server, new TokenSource(o, server, redactor)) : null;
        var anonymous = new FhirActor("anonymous", server, null);
        var started = DateTimeOffset.UtcNow;
        await output.WriteLineAsync($"EsmsDui conformance suite {ConformanceSuite.Version} against {options.Base}");
        var results = new List<TestResult>();
        foreach (var (group, tests) in Selected(options))
        {
            await output.WriteLineAsync($"{group.Number} {group.Title}");
            foreach (var test in tests)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var proofs = new ProofLog(outFolder, test.Id, redactor);
                server.Proofs = proofs;
                var context = new TestContext { Test = test, Client = client, Anonymous = anonymous, Other = other, Preset = preset, State = state, Validator = validator, Proofs = proofs };
                var clock = Stopwatch.StartNew();
                var (status, message) = Skipped(preset, test) is { } reason ? (TestStatus.Skip, reason) : await RunOneAsync(test, context);
                var shall = test.Requirements.Any(r => catalogue.ById.TryGetValue(r, out var requirement) && requirement.IsShall);
                var messages = (message is null ? Array.Empty<string>() : [message]).Concat(context.Notes).ToList();
                results.Add(new TestResult(test.Id, test.Title, group.Number, status, messages, test.Requirements, shall, proofs.Paths, clock.ElapsedMilliseconds));
                await output.WriteLineAsync($"  {status.Name(),-14} {test.Id} {test.Title}{(message is null ? string.Empty : ": " + message)}");
            }
        }

        server.Proofs = new ProofLog(outFolder, "cleanup", redactor);
        await state.CleanUpAsync(client);
        var report = new SuiteReport(ConformanceSuite.Version, options.Base.AbsoluteUri, started, DateTimeOffset.UtcNow, results, catalogue);
        await ReportWriter.WriteAsync(report, outFolder);
        await output.WriteLineAsync($"{results.Count(r => r.Status == TestStatus.Pass)} passed, {results.Count(r => r.Status == TestStatus.Fail)} failed, {results.Count(r => r.Status == TestStatus.Error)} errors, {results.Count(r => r.Status == TestStatus.Skip)} skipped, {results.Count(r => r.Status == TestStatus.NotApplicable)} not applicable; {(report.Conforms ? "every applicable SHALL test passed" : "SHALL tests failed")}. Reports in {outFolder}");
        return report;
    }

    private static IEnumerable<(TestGroup Group, List<ConformanceTest> Tests)> Selected(SuiteOptions options) =>
        ConformanceSuite.Groups
            .Where(g => options.Groups.Count == 0 || options.Groups.Contains(g.Number))
            .Select(g => (g, g.Tests.Where(t => options.Tests.Count == 0 || options.Tests.Contains(t.Id)).ToList()))
            .Where(s => s.Item2.Count > 0);

    private static string? Skipped(Preset preset, ConformanceTest test) =>
        preset.Skip.Any(s => s == test.Id || s == test.Id.Split('.')[0]) ? preset.SkipReason ?? "Left out by the preset." : null;

    private static async Task<(TestStatus Status, string? Message)> RunOneAsync(ConformanceTest test, TestContext context)
    {
        try
        {
            await test.RunAsync(context);
            return (TestStatus.Pass, null);
        }
        catch (CheckFailedException ex)
        {
            return (TestStatus.Fail, ex.Message);
        }
        catch (TestNotRunException ex)
        {
            return (ex.Status, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A defect of the test, not of the server: reported as such, and the run goes on.
            return (TestStatus.Error, $"{ex.GetType().Name}: {ex.Message}");
        }
    }
}
