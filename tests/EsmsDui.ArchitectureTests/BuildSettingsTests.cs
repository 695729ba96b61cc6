using System.Diagnostics;

namespace EsmsDui.ArchitectureTests;

/// <summary>Proves the repository's build settings take effect on every project, not only that they are written.</summary>
public sealed class BuildSettingsTests
{
    [Fact]
    public async Task A_compiler_warning_fails_the_build()
    {
        var root = Repository.Root;
        var probe = Path.Combine(root, "tests", "EsmsDui.ArchitectureTests", "obj", "warning-probe-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(probe);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(probe, "Probe.csproj"), """<Project Sdk="Microsoft.NET.Sdk"></Project>""");
            await File.WriteAllTextAsync(Path.Combine(probe, "Probe.cs"), """
                namespace Probe;

                /// <summary>Has an unused variable on purpose.</summary>
                public static class WithWarning
                {
                    /// <summary>Warns CS0219.</summary>
                    public static void Method()
                    {
                        var unused = 1;
                    }
                }
                """);
            var start = new ProcessStartInfo("dotnet", "build -nologo -v q") { WorkingDirectory = probe, RedirectStandardOutput = true, RedirectStandardError = true };
            using var build = Process.Start(start)!;
            var output = await build.StandardOutput.ReadToEndAsync() + await build.StandardError.ReadToEndAsync();
            await build.WaitForExitAsync();

            Assert.NotEqual(0, build.ExitCode);
            Assert.Contains("error CS0219", output);
        }
        finally
        {
            Directory.Delete(probe, recursive: true);
        }
    }
}
