using System.Net;
using System.Text;
using EsmsDui.Conformance.Http;
using EsmsDui.Conformance.Model;
using EsmsDui.Conformance.Runner;

namespace EsmsDui.Conformance.Tests;

/// <summary>Whatever the server does, every test ends with a verdict and the reports are written; the runner never crashes.</summary>
public sealed class RunnerRobustnessTests : IDisposable
{
    private readonly TemporaryFolder _out = new("esmsdui-conformance-robustness-");

    [Fact]
    public async Task A_server_that_is_not_there_fails_every_test_with_its_proof_and_the_run_exits_1()
    {
        var options = Options(new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}/fhir/"));

        var exitCode = await SuiteRunner.RunAsync(options, TextWriter.Null, CancellationToken.None);

        Assert.Equal(1, exitCode);
        var report = await SuiteRunner.RunToReportAsync(options, TextWriter.Null, CancellationToken.None);
        Assert.All(report.Results.Where(r => r.Status != TestStatus.Skip), r => Assert.Equal(TestStatus.Fail, r.Status));
        Assert.Contains(report.Results, r => r.Messages.Any(m => m.Contains("no answer", StringComparison.Ordinal)));
        Assert.True(File.Exists(Path.Combine(_out.Path, "report.html")));
    }

    [Fact]
    public async Task A_server_answering_what_is_not_FHIR_fails_the_tests_and_never_errors()
    {
        using var garbage = new Answering(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>hello</html>", Encoding.UTF8, "text/html") });

        var report = await SuiteRunner.RunToReportAsync(Options(new Uri("http://127.0.0.1:9/fhir/")), TextWriter.Null, CancellationToken.None, garbage);

        Assert.DoesNotContain(report.Results, r => r.Status == TestStatus.Error);
        Assert.Contains(report.Results, r => r.Status == TestStatus.Fail);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_in_time_fails_the_test_after_the_configured_bound()
    {
        using var slow = new Answering(_ => throw new TaskCanceledException("no answer"));
        var options = Options(new Uri("http://127.0.0.1:9/fhir/"), tests: ["1.01"]);

        var report = await SuiteRunner.RunToReportAsync(options, TextWriter.Null, CancellationToken.None, slow);

        var result = Assert.Single(report.Results);
        Assert.Equal(TestStatus.Fail, result.Status);
        Assert.Contains("no answer within 2 s", result.Messages[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tests_the_preset_skips_are_reported_as_skipped_with_its_reason()
    {
        var preset = new Preset { SkipReason = "No MSSanté here." };
        preset.Skip.Add("6");
        var options = Options(new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}/fhir/"), preset: preset);

        var report = await SuiteRunner.RunToReportAsync(options, TextWriter.Null, CancellationToken.None);

        Assert.All(report.Results.Where(r => r.Group == 6), r => Assert.Equal((TestStatus.Skip, "No MSSanté here."), (r.Status, r.Messages[0])));
    }

    [Fact]
    public void The_redactor_takes_tokens_and_secrets_out_of_headers_bodies_and_forms()
    {
        var redactor = new Redactor();
        redactor.Add("s3cret-value");

        var text = redactor.Redact("Authorization: Bearer eyJhbGciOi.abc.def\nclient_secret=s3cret-value&x=1\n{\"access_token\": \"tok\", \"password\":\"p\"}\nAuthorization: Basic dXNlcjpwYXNz");

        Assert.DoesNotContain("eyJhbGciOi", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-value", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"tok\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("dXNlcjpwYXNz", text, StringComparison.Ordinal);
        Assert.Contains("x=1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_options_and_a_missing_base_are_refused_with_what_is_wrong()
    {
        Assert.Contains("--base", Assert.Throws<ArgumentException>(() => SuiteOptions.Parse([])).Message, StringComparison.Ordinal);
        Assert.Contains("--colour", Assert.Throws<ArgumentException>(() => SuiteOptions.Parse(["--base", "http://x/fhir", "--colour", "red"])).Message, StringComparison.Ordinal);
        Assert.Equal(new HashSet<int> { 2, 5 }, SuiteOptions.Parse(["--base", "http://x/fhir", "--groups", "2,5"]).Groups);
    }

    public void Dispose() => _out.Dispose();

    private SuiteOptions Options(Uri baseUrl, string[]? tests = null, Preset? preset = null) => new()
    {
        Base = baseUrl,
        Preset = preset ?? new Preset { Client = new ClientPreset { ClientId = "c", ClientSecret = "s" }, OtherClient = new ClientPreset { ClientId = "o", ClientSecret = "t" } },
        Tests = tests?.ToHashSet() ?? [],
        Out = _out.Path,
        Timeout = TimeSpan.FromSeconds(2),
    };

    private sealed class Answering(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(answer(request));
    }
}
