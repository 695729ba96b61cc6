using System.Diagnostics;

namespace EsmsDui.TestSupport;

/// <summary>
/// One real PostgreSQL server for the whole test run: Debian's binaries (<c>/usr/lib/postgresql/N/bin</c>,
/// or <c>PG_BIN</c>), a fresh cluster in a temporary folder, bound to 127.0.0.1 on a free port, run as user
/// <c>postgres</c> when the tests run as root. Stopped and removed when the test process exits.
/// </summary>
public sealed class PostgresCluster
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static PostgresCluster? _shared;

    private readonly string _bin;
    private readonly string _folder;
    private readonly int _port;

    private PostgresCluster(string bin, string folder, int port)
    {
        _bin = bin;
        _folder = folder;
        _port = port;
    }

    /// <summary>The cluster of this test run, started on first use.</summary>
    public static async Task<PostgresCluster> SharedAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_shared is null)
            {
                _shared = await StartAsync();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => _shared.Stop();
            }

            return _shared;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>A connection string for a database of this cluster (EF Core creates it on migration).</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={_port};Username=postgres;Database={database};Include Error Detail=true;Maximum Pool Size=40";

    private static async Task<PostgresCluster> StartAsync()
    {
        var bin = FindBinaries();
        var folder = Path.Combine(Path.GetTempPath(), "esmsdui-pg-" + Guid.NewGuid().ToString("N"));
        var data = Path.Combine(folder, "data");
        Directory.CreateDirectory(folder);
        if (IsRoot)
        {
            await RunAsync("chown", $"postgres:postgres {folder}", asPostgres: false);
        }

        var port = LoopbackPorts.Free();
        await RunAsync(Path.Combine(bin, "initdb"), $"-D {data} -A trust -U postgres -E UTF8 --no-sync --locale=C.UTF-8", asPostgres: true);
        var options = $"-p {port} -c listen_addresses=127.0.0.1 -k {folder} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
        await RunAsync(Path.Combine(bin, "pg_ctl"), $"-D {data} -l {folder}/server.log -w -t 60 -o \"{options}\" start", asPostgres: true);
        return new PostgresCluster(bin, folder, port);
    }

    private void Stop()
    {
        try
        {
            RunAsync(Path.Combine(_bin, "pg_ctl"), $"-D {Path.Combine(_folder, "data")} -m immediate -w stop", asPostgres: true).GetAwaiter().GetResult();
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static string FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable("PG_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        const string root = "/usr/lib/postgresql";
        var candidates = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).ToList()
            : [];
        return candidates.FirstOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL server binaries not found: install Debian's 'postgresql' package (apt-get install postgresql) or set PG_BIN.");
    }

    private static async Task RunAsync(string program, string arguments, bool asPostgres)
    {
        var start = asPostgres && IsRoot
            ? new ProcessStartInfo("runuser", $"-u postgres -- {program} {arguments}")
            : new ProcessStartInfo(program, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = Path.GetTempPath();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {arguments} failed ({process.ExitCode}): {await error} {await output}");
        }
    }
}
