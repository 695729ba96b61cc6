using System.Diagnostics;

namespace EsmsDui.TestSupport;

/// <summary>
/// The server as its own process (<c>dotnet EsmsDui.Server.dll</c>) on a SQLite folder, to be killed like a crashed
/// machine and started again on the same data. Its output goes to a file in the folder.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, HttpClient client)
    {
        _process = process;
        Client = client;
    }

    /// <summary>A client whose base address is the FHIR base.</summary>
    public HttpClient Client { get; }

    /// <summary>The server's process id (the shell that starts it execs into it).</summary>
    public int ProcessId => _process.Id;

    /// <summary>The settings of a new database of <paramref name="provider"/> (Sqlite: in the server's folder; PostgreSql: on the shared cluster).</summary>
    public static async Task<Dictionary<string, string>> DatabaseAsync(string provider) => provider == "PostgreSql"
        ? new() { ["Database:Provider"] = provider, ["Database:ConnectionString"] = (await PostgresCluster.SharedAsync()).ConnectionString("esmsdui_process_" + Guid.NewGuid().ToString("N")[..8]) }
        : new() { ["Database:Provider"] = provider };

    /// <summary>
    /// Starts the server on <paramref name="folder"/> with <paramref name="settings"/> (in its own folder, or in
    /// <paramref name="workingDirectory"/>) and waits until it answers; its output goes to <c>server.log</c> there.
    /// <paramref name="serverFolder"/> holds the server to start: the tests' build output unless a published one is given.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string folder, IReadOnlyDictionary<string, string> settings, string? workingDirectory = null, string? serverFolder = null)
    {
        var port = LoopbackPorts.Free();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory ?? serverFolder ?? AppContext.BaseDirectory,
            RedirectStandardOutput = false,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(serverFolder ?? AppContext.BaseDirectory, "EsmsDui.Server.dll"));
        // SQLite, anonymous and without audit unless the caller says otherwise (e.g. Database:Provider=PostgreSql).
        var effective = new Dictionary<string, string>
        {
            ["Security:Enabled"] = "false",
            ["Database:Provider"] = "Sqlite",
            ["Database:DataFolder"] = folder,
            ["Audit:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:Console:FormatterName"] = "simple",
        };
        foreach (var (key, value) in settings)
        {
            effective[key] = value;
        }

        effective["urls"] = $"http://127.0.0.1:{port}";
        foreach (var (key, value) in effective)
        {
            start.ArgumentList.Add($"--{key}");
            start.ArgumentList.Add(value);
        }

        // The output to a file through the shell: a pipe nobody reads would block the server.
        var log = Path.Combine(folder, "server.log");
        var shell = new ProcessStartInfo("/bin/sh", ["-c", "exec \"$0\" \"$@\" >> " + log + " 2>&1 < /dev/null", start.FileName, .. start.ArgumentList])
        {
            WorkingDirectory = start.WorkingDirectory,
            UseShellExecute = false,
        };
        Directory.CreateDirectory(folder);
        var process = Process.Start(shell) ?? throw new InvalidOperationException("Cannot start the server.");
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/fhir/"), Timeout = TimeSpan.FromSeconds(30) };
        for (var attempt = 0; attempt < 240; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server stopped ({process.ExitCode}): {await File.ReadAllTextAsync(log)}");
            }

            try
            {
                using var response = await client.GetAsync("metadata");
                if (response.IsSuccessStatusCode)
                {
                    return new ServerProcess(process, client);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        process.Kill(entireProcessTree: true);
        var output = await File.ReadAllTextAsync(log);
        throw new InvalidOperationException("The server did not answer within 60 s: " + output);
    }

    /// <summary>
    /// Runs a verb of the server (<c>clients add …</c>, <c>staff add …</c>) on the SQLite data of <paramref name="folder"/>
    /// and returns its exit code and output.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunVerbAsync(string folder, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["exec", Path.Combine(AppContext.BaseDirectory, "EsmsDui.Server.dll"), .. arguments, "--Database:Provider", "Sqlite", "--Database:DataFolder", folder, "--Logging:LogLevel:Default", "Warning"])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot run the server.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash would.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }
}
