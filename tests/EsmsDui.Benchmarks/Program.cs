using System.Globalization;
using EsmsDui.Benchmarks;
using EsmsDui.Server.Hosting;
using EsmsDui.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

// Usage (see README): dotnet run -c Release --project tests/EsmsDui.Benchmarks -- [sqlite|postgresql|engine|validation|documents] [seconds] [--direct] [--Section:Key value ...]
//                 or: dotnet run -c Release --project tests/EsmsDui.Benchmarks -- [sqlite|postgresql] --search 100000 [1000000 ...]
//                 or: dotnet run -c Release --project tests/EsmsDui.Benchmarks -- [sqlite|postgresql] --sort 100000
var target = args.Length > 0 ? args[0].ToLowerInvariant() : "sqlite";
if (target == "engine")
{
    EngineMicrobenchmarks.Run();
    return;
}

var seconds = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out var s) ? s : 10;
if (target == "documents")
{
    await DocumentBenchmarks.RunAsync(seconds);
    return;
}

var folder = Path.Combine(Path.GetTempPath(), "esmsdui-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(folder);
if (target == "validation")
{
    // The official packages next to the repository (../shared/fhir-packages), never copied into it.
    var packageFolder = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "..", "shared", "fhir-packages"));
    await using (var validationApp = EsmsDuiApp.Build(["--Logging:LogLevel:Default", "Warning", "--Database:DataFolder", folder, "--Fhir:PackageFolders:0", packageFolder]))
    {
        await ValidationBenchmarks.RunAsync(validationApp.Services, packageFolder, seconds);
    }

    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(folder, recursive: true);
    return;
}

string[] database = target == "postgresql"
    ? ["--Database:Provider", "PostgreSql", "--Database:ConnectionString", (await PostgresCluster.SharedAsync()).ConnectionString("bench_" + Guid.NewGuid().ToString("N")[..8])]
    : ["--Database:Provider", "Sqlite", "--Database:DataFolder", folder];
// Server settings given after the benchmark's own arguments (e.g. --Audit:Enabled false) are passed on.
var settings = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal) && p.a.Contains(':', StringComparison.Ordinal) && p.i + 1 < args.Length)
    .SelectMany(p => new[] { p.a, args[p.i + 1] });
// The load generator runs in the server's process: no memory budget (it would count the generator's memory too).
await using var app = EsmsDuiApp.Build(["--urls", "http://127.0.0.1:0", "--Security:Enabled", "false", "--Server:RateLimitPerSecond", "0", "--Server:MemoryBudgetBytes", "0", "--Logging:LogLevel:Default", "Warning", .. database, .. settings]);
await EsmsDuiApp.StartAsync(app, CancellationToken.None);
Console.WriteLine($"EsmsDui benchmarks on {target}, {Environment.ProcessorCount} cores, {seconds} s per measure");
if (Array.IndexOf(args, "--search") is var at and >= 0)
{
    var checkpoints = args[(at + 1)..].TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).DefaultIfEmpty(100_000).ToList();
    var searchUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/fhir/";
    await SearchBenchmarks.RunAsync(new Uri(searchUrl), app.Services, checkpoints);
}
else if (Array.IndexOf(args, "--sort") is var sortAt and >= 0)
{
    var patients = sortAt + 1 < args.Length && int.TryParse(args[sortAt + 1], CultureInfo.InvariantCulture, out var n) ? n : 100_000;
    var sortUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/fhir/";
    await SortBenchmarks.RunAsync(new Uri(sortUrl), app.Services, patients);
}
else if (args.Contains("--direct"))
{
    await DirectWriteBenchmarks.RunAsync(app.Services);
}
else
{
    var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/fhir/";
    await HttpBenchmarks.RunAsync(new Uri(baseUrl), seconds);
}

if (args.Contains("--hold"))
{
    // Keeps the database up to look at query plans (psql with the connection string above, sqlite3 on the folder).
    Console.WriteLine($"holding: {app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()}/fhir {string.Join(' ', database)}; press Enter to stop");
    Console.ReadLine();
}

await app.StopAsync();
Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
Directory.Delete(folder, recursive: true);
