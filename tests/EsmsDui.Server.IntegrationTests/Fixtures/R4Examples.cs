using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json.Nodes;

namespace EsmsDui.Server.IntegrationTests.Fixtures;

/// <summary>
/// The official R4 examples (npm package <c>hl7.fhir.r4.examples@4.0.1</c>), fetched with <c>npm pack</c>
/// into a cache folder on first use (never committed). <c>R4_EXAMPLES_TGZ</c> may point at a local copy.
/// </summary>
public static class R4Examples
{
    private const string Package = "hl7.fhir.r4.examples@4.0.1";
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Every example as (file name, resource type, id, JSON text).</summary>
    public static async Task<IReadOnlyList<(string File, string Type, string Id, string Json)>> LoadAsync()
    {
        var tgz = await PackageFileAsync();
        var examples = new List<(string, string, string, string)>();
        await using var file = File.OpenRead(tgz);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync() is { } entry)
        {
            if (entry.DataStream is null || !entry.Name.EndsWith(".json", StringComparison.Ordinal) || entry.Name.EndsWith("package.json", StringComparison.Ordinal) || entry.Name.Contains("/.index", StringComparison.Ordinal))
            {
                continue;
            }

            using var reader = new StreamReader(entry.DataStream);
            var json = await reader.ReadToEndAsync();
            var node = JsonNode.Parse(json)!;
            examples.Add((Path.GetFileName(entry.Name), node["resourceType"]!.GetValue<string>(), node["id"]?.GetValue<string>() ?? string.Empty, json));
        }

        return examples;
    }

    private static async Task<string> PackageFileAsync()
    {
        var configured = Environment.GetEnvironmentVariable("R4_EXAMPLES_TGZ");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        var folder = Path.Combine(Path.GetTempPath(), "esmsdui-test-cache");
        var tgz = Path.Combine(folder, "hl7.fhir.r4.examples-4.0.1.tgz");
        await Gate.WaitAsync();
        try
        {
            if (!File.Exists(tgz))
            {
                Directory.CreateDirectory(folder);
                var start = new ProcessStartInfo("npm", $"pack {Package} --silent") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
                using var npm = Process.Start(start) ?? throw new InvalidOperationException("npm is needed to fetch " + Package);
                var error = npm.StandardError.ReadToEndAsync();
                await npm.StandardOutput.ReadToEndAsync();
                await npm.WaitForExitAsync();
                if (npm.ExitCode != 0 || !File.Exists(tgz))
                {
                    throw new InvalidOperationException($"npm pack {Package} failed: {await error}");
                }
            }

            return tgz;
        }
        finally
        {
            Gate.Release();
        }
    }
}
