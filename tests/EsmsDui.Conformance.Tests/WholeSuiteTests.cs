using System.Diagnostics;
using System.Text.Json;
using System.Xml.Linq;
using EsmsDui.Conformance.Runner;

namespace EsmsDui.Conformance.Tests;

/// <summary>
/// The suite as an editor runs it, through the README command (<c>dotnet run --project conformance/EsmsDui.Conformance
/// -- …</c>, not built again), against a fresh EsmsDui: every group runs and every applicable SHALL test passes.
/// </summary>
[Collection(ServersUnderTest.Name)]
public sealed class WholeSuiteTests(ConformanceServer server, Xunit.Abstractions.ITestOutputHelper log)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (int ExitCode, string Output, string Folder)? _run;

    [Fact]
    public async Task The_README_command_passes_every_applicable_SHALL_test_of_every_group_against_EsmsDui()
    {
        var (exitCode, output, folder) = await RunAsync();

        Assert.True(exitCode == 0, output);
        using var results = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "results.json")));
        var tests = results.RootElement.GetProperty("tests").EnumerateArray().ToList();
        Assert.Equal(ConformanceSuite.Tests.Select(t => t.Id), tests.Select(t => t.GetProperty("id").GetString()));
        var notPassed = tests.Where(t => t.GetProperty("status").GetString() != "pass").Select(t => $"{t.GetProperty("id")} {t.GetProperty("status")}: {string.Join(" ", t.GetProperty("messages").EnumerateArray())}").ToList();
        Assert.True(notPassed.Count == 0, string.Join("\n", notPassed));
        Assert.True(results.RootElement.GetProperty("conforms").GetBoolean());
        var elapsed = DateTimeOffset.Parse(results.RootElement.GetProperty("ended").GetString()!, System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.Parse(results.RootElement.GetProperty("started").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        log.WriteLine($"The suite ran {tests.Count} tests in {elapsed.TotalSeconds:0} s.");
    }

    [Fact]
    public async Task The_reports_are_a_results_file_a_JUnit_file_and_a_well_formed_HTML_page_with_the_coverage_table()
    {
        var (_, _, folder) = await RunAsync();

        using var results = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "results.json")));
        var root = results.RootElement;
        foreach (var property in new[] { "suiteVersion", "server", "started", "ended", "summary", "tests", "requirements" })
        {
            Assert.True(root.TryGetProperty(property, out _), property);
        }

        foreach (var test in root.GetProperty("tests").EnumerateArray())
        {
            Assert.NotEmpty(test.GetProperty("requirements").EnumerateArray());
            foreach (var proof in test.GetProperty("proofs").EnumerateArray())
            {
                Assert.True(File.Exists(Path.Combine(folder, proof.GetString()!)), proof.GetString());
            }
        }

        var junit = XDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "junit.xml")));
        Assert.Equal("testsuites", junit.Root!.Name.LocalName);
        Assert.Equal(ConformanceSuite.Tests.Count(), junit.Descendants("testcase").Count());

        var html = XDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "report.html")));
        XNamespace x = "http://www.w3.org/1999/xhtml";
        var coverage = html.Descendants(x + "table").Single(t => (string?)t.Attribute("id") == "coverage");
        Assert.Equal(root.GetProperty("requirements").GetArrayLength() + 1, coverage.Elements(x + "tr").Count());
        Assert.DoesNotContain(html.Descendants(), e => e.Name.LocalName is "script" or "link" or "img");
    }

    [Fact]
    public async Task Proofs_hold_every_exchange_with_tokens_and_secrets_redacted()
    {
        var (_, _, folder) = await RunAsync();

        var proofs = Directory.EnumerateFiles(Path.Combine(folder, "proofs"), "*", SearchOption.AllDirectories).Select(File.ReadAllText).ToList();
        Assert.Contains(proofs, p => p.Contains("Authorization: Bearer [redacted]", StringComparison.Ordinal));
        Assert.DoesNotContain(proofs, p => p.Contains("conformance-client-secret", StringComparison.Ordinal) || p.Contains("conformance-other-secret", StringComparison.Ordinal));
        Assert.DoesNotContain(proofs, p => System.Text.RegularExpressions.Regex.IsMatch(p, "eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{20,}") && !p.Contains("Zm9yZ2VkLXNpZ25hdHVyZQ", StringComparison.Ordinal));
    }

    // The suite was built with the tests, in their configuration.
    private static string Configuration => AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    private async Task<(int ExitCode, string Output, string Folder)> RunAsync()
    {
        await Gate.WaitAsync();
        try
        {
            _run ??= await RunReadmeCommandAsync();
            return _run.Value;
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task<(int, string, string)> RunReadmeCommandAsync()
    {
        var folder = server.NewReportFolder();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = RepositoryFolders.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["run", "--project", "conformance/EsmsDui.Conformance", "--no-build", "-c", Configuration, "--", "--base", server.Base.AbsoluteUri, "--preset", server.PresetPath, "--out", folder, "--packages", ConformanceServer.Packages])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors, folder);
    }
}
