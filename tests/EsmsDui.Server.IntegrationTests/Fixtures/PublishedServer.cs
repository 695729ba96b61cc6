using System.Diagnostics;

namespace EsmsDui.Server.IntegrationTests.Fixtures;

/// <summary>
/// The server as an operator deploys it: <c>dotnet publish -c Release</c> of <c>src/EsmsDui.Server</c> into a
/// temporary folder (nothing else of the repository goes with it), deleted afterwards.
/// </summary>
public sealed class PublishedServer : IAsyncLifetime
{
    private readonly TemporaryFolder _output = new("esmsdui-published-");

    /// <summary>The folder holding the published <c>EsmsDui.Server.dll</c>.</summary>
    public string Folder => _output.Path;

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = RepositoryFolders.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["publish", "src/EsmsDui.Server", "-c", "Release", "-o", Folder, "-nologo", "-v", "q"])
        {
            start.ArgumentList.Add(argument);
        }

        using var publish = Process.Start(start) ?? throw new InvalidOperationException("Cannot run dotnet publish.");
        var output = publish.StandardOutput.ReadToEndAsync();
        var errors = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({publish.ExitCode}): {await output}{await errors}");
        }
    }

    public Task DisposeAsync()
    {
        _output.Dispose();
        return Task.CompletedTask;
    }
}
