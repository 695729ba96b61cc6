using System.Diagnostics;
using System.Globalization;

namespace EsmsDui.TestSupport;

/// <summary>
/// One real PostgreSQL server for the whole test run: Debian's binaries (<c>/usr/lib/postgresql/N/bin</c>,
/// or <c>PG_BIN</c>), a fresh cluster in a temporary folder, bound to 127.0.0.1 on a free port, run as user
/// <c>postgres</c> when the tests run as root. Stopped and removed when the test process exits; the test host
/// may be killed before that ends, so each start also stops and removes the clusters whose test process is gone.
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
        await RemoveAbandonedAsync(bin);
        var folder = Path.Combine(Path.GetTempPath(), FolderPrefix + Guid.NewGuid().ToString("N"));
        var data = Path.Combine(folder, "data");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
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

    private void Stop() => StopAndRemoveAsync(_bin, _folder).GetAwaiter().GetResult();

    private static async Task StopAndRemoveAsync(string bin, string folder)
    {
        try
        {
            if (File.Exists(Path.Combine(folder, "data", "postmaster.pid")))
            {
                await RunAsync(Path.Combine(bin, "pg_ctl"), $"-D {Path.Combine(folder, "data")} -m immediate -w stop", asPostgres: true);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Clusters of earlier test runs whose test process no longer exists (each holds hundreds of MB).</summary>
    private static async Task RemoveAbandonedAsync(string bin)
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            var owner = Path.Combine(folder, OwnerFile);
            var owned = File.Exists(owner)
                ? int.TryParse(await File.ReadAllTextAsync(owner), out var pid) && IsAlive(pid)
                : Directory.GetCreationTimeUtc(folder) > DateTime.UtcNow.AddMinutes(-1); // its owner file is being written
            if (owned)
            {
                continue;
            }

            try
            {
                await StopAndRemoveAsync(bin, folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // Another run may be removing it at the same moment, or it is not ours to remove: leave it.
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private const string FolderPrefix = "esmsdui-pg-";
    private const string OwnerFile = "owner.pid";

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
